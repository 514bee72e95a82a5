package dev.ferry.micrometer;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.ferry.common.architecture.PublicApiRules;

@AnalyzeClasses(packages = "dev.ferry.micrometer", importOptions = ImportOption.DoNotIncludeTests.class)
class PublicApiTest {

    @ArchTest
    static final ArchRule noInternalTypeInPublicSignatures = PublicApiRules.NO_INTERNAL_TYPE_IN_PUBLIC_SIGNATURES;
}
