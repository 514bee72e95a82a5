package dev.ferry.codegen.internal.binding;

import dev.ferry.codegen.TopicBinding;
import dev.ferry.codegen.internal.CodegenFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Validates the {@code <topics>} parameter, reporting every problem at once. */
public final class TopicSpecs {
    // Kafka's own rule for topic names (org.apache.kafka.common.internals.Topic).
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_TOPIC_LENGTH = 249;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Set<String> JAVA_KEYWORDS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
            "yield",
            "sealed",
            "permits");

    private TopicSpecs() {}

    /**
     * @throws CodegenFailure listing every problem, each naming the topic (or its position when it has no name)
     */
    public static List<TopicSpec> validate(List<TopicBinding> bindings) {
        List<String> problems = new ArrayList<>();
        List<TopicSpec> specs = new ArrayList<>();
        Set<String> topics = new HashSet<>();
        for (int i = 0; i < bindings.size(); i++) {
            TopicBinding binding = bindings.get(i);
            String where = binding == null || blank(binding.name())
                    ? "topics[" + i + "]"
                    : "topic '" + binding.name().strip() + "'";
            int before = problems.size();
            if (binding == null) {
                problems.add(where + ": empty <topic>");
                continue;
            }
            String topic = strip(binding.name());
            boolean legalTopic = checkTopicName(where, topic, problems);
            if (topic != null && !topics.add(topic)) {
                problems.add(where + ": bound twice; bind each topic once");
            }
            String valueType = strip(binding.valueType());
            if (valueType == null) {
                problems.add(
                        where
                                + ": <valueType> is missing: name an Avro record or Protobuf message, such as com.acme.OrderEvent");
            } else if (!QUALIFIED.matcher(valueType).matches()) {
                problems.add(
                        where + ": <valueType> is '" + valueType
                                + "': expected the full name of an Avro record or Protobuf message, such as com.acme.OrderEvent");
            }
            KeySpec key = key(where, strip(binding.keyField()), strip(binding.keyType()), problems);
            Optional<String> className = Optional.ofNullable(strip(binding.className()));
            String simpleName =
                    className.map(TopicSpecs::simpleNameOf).orElseGet(() -> topic == null ? "" : derivedName(topic));
            if (className.isPresent() && !validClassName(className.get())) {
                problems.add(where + ": <className> is '" + className.get()
                        + "': expected a fully qualified Java class name, such as com.acme.topics.OrdersTopic");
            } else if (className.isEmpty() && legalTopic && !validIdentifier(simpleName)) {
                problems.add(where + ": the topic name gives no Java class name ('" + simpleName
                        + "'): set <className>, such as com.acme.topics.OrdersTopic");
            }
            if (problems.size() == before) {
                specs.add(new TopicSpec(topic, valueType, key, className, simpleName));
            }
        }
        if (!problems.isEmpty()) {
            throw new CodegenFailure(describe(problems));
        }
        return specs;
    }

    /**
     * The class name a topic gives: its parts between dots, dashes and underscores, capitalized, then
     * {@code Topic}: {@code order-events.v2} gives {@code OrderEventsV2Topic}.
     */
    public static String derivedName(String topic) {
        StringBuilder name = new StringBuilder();
        for (String part : topic.split("[._-]+")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.append("Topic").toString();
    }

    private static boolean checkTopicName(String where, String topic, List<String> problems) {
        if (topic == null) {
            problems.add(where + ": <name> is missing: the Kafka topic, such as orders");
        } else if (topic.equals(".") || topic.equals("..")) {
            problems.add(where + ": '" + topic + "' is not a legal Kafka topic name");
        } else if (topic.length() > MAX_TOPIC_LENGTH) {
            problems.add(where + ": the name has " + topic.length() + " characters; Kafka allows at most "
                    + MAX_TOPIC_LENGTH);
        } else if (!TOPIC.matcher(topic).matches()) {
            problems.add(where + ": '" + topic
                    + "' is not a legal Kafka topic name: use only ASCII letters, digits, '.', '_' and '-'");
        } else {
            return true;
        }
        return false;
    }

    private static KeySpec key(String where, String keyField, String keyType, List<String> problems) {
        if (keyField != null && keyType != null) {
            problems.add(
                    where + ": <keyField> and <keyType> exclude each other: take the key from a field of the value,"
                            + " or give it with each record");
            return new KeySpec.None();
        }
        if (keyField != null) {
            if (!IDENTIFIER.matcher(keyField).matches()) {
                problems.add(where + ": <keyField> is '" + keyField
                        + "': expected a field name of the value, such as orderId");
            }
            return new KeySpec.Field(keyField);
        }
        if (keyType != null) {
            Optional<KeyKind> primitive = primitive(keyType);
            if (primitive.isPresent()) {
                return new KeySpec.Primitive(primitive.get());
            }
            if (!QUALIFIED.matcher(keyType).matches() || !keyType.contains(".")) {
                problems.add(
                        where + ": <keyType> is '" + keyType + "': expected string, int, long, bytes, or the full name"
                                + " of an Avro record or Protobuf message");
            }
            return new KeySpec.Schema(keyType);
        }
        return new KeySpec.None();
    }

    private static Optional<KeyKind> primitive(String keyType) {
        return switch (keyType.toLowerCase(Locale.ROOT)) {
            case "string", "java.lang.string" -> Optional.of(KeyKind.STRING);
            case "int", "integer", "java.lang.integer" -> Optional.of(KeyKind.INT);
            case "long", "java.lang.long" -> Optional.of(KeyKind.LONG);
            case "bytes", "byte[]" -> Optional.of(KeyKind.BYTES);
            default -> Optional.empty();
        };
    }

    private static boolean validClassName(String name) {
        if (!QUALIFIED.matcher(name).matches()) {
            return false;
        }
        for (String part : name.split("\\.")) {
            if (JAVA_KEYWORDS.contains(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean validIdentifier(String name) {
        return IDENTIFIER.matcher(name).matches() && !JAVA_KEYWORDS.contains(name);
    }

    private static String simpleNameOf(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String strip(String value) {
        return blank(value) ? null : value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String describe(List<String> problems) {
        String header = problems.size() == 1 ? "1 problem in <topics>:" : problems.size() + " problems in <topics>:";
        return problems.stream()
                .collect(Collectors.joining(System.lineSeparator(), header + System.lineSeparator(), ""));
    }
}
