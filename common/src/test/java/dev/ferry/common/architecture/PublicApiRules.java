package dev.ferry.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The rules every module's {@code PublicApiTest} applies to its own packages; shared through
 * common's test jar so the rule is written once.
 */
public final class PublicApiRules {

    /**
     * An {@code ..internal..} type may change in any release, so none may appear where users' code
     * sees it: as the supertype of a public type, or in a public or protected field, constructor or
     * method (parameters, return type, type arguments, throws clause).
     */
    public static final ArchRule NO_INTERNAL_TYPE_IN_PUBLIC_SIGNATURES = classes()
            .that()
            .resideOutsideOfPackage("..internal..")
            .and()
            .arePublic()
            .should(exposeNoInternalType());

    private PublicApiRules() {}

    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no ..internal.. type in a public signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                Set<String> problems = new LinkedHashSet<>();
                type.getRawSuperclass().ifPresent(superclass -> maybeReport(problems, "extends", superclass));
                type.getRawInterfaces().forEach(face -> maybeReport(problems, "implements", face));
                for (JavaMember member : type.getMembers()) {
                    if (!isVisibleToUsers(member)) {
                        continue;
                    }
                    String where = member.getDescription();
                    member.getAllInvolvedRawTypes().forEach(involved -> maybeReport(problems, where, involved));
                    if (member instanceof JavaCodeUnit codeUnit) {
                        codeUnit.getThrowsClause().getTypes().forEach(thrown -> maybeReport(problems, where, thrown));
                    }
                }
                for (String problem : problems) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + ": " + problem));
                }
            }
        };
    }

    private static boolean isVisibleToUsers(JavaMember member) {
        return member.getModifiers().contains(JavaModifier.PUBLIC)
                || member.getModifiers().contains(JavaModifier.PROTECTED);
    }

    private static void maybeReport(Set<String> problems, String where, JavaClass involved) {
        JavaClass base = involved.getBaseComponentType();
        if ((base.getPackageName() + ".").contains(".internal.")) {
            problems.add(where + " exposes " + base.getName());
        }
    }
}
