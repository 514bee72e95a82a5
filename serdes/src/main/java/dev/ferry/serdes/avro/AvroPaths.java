package dev.ferry.serdes.avro;

import org.apache.avro.Schema;

/** Turns Avro's JSON-pointer locations ({@code /fields/1/type}) into field paths ({@code com.acme.Order.amount}). */
final class AvroPaths {

    private AvroPaths() {}

    static String describe(Schema root, String location) {
        StringBuilder path = new StringBuilder(displayName(root));
        Schema current = root;
        String[] tokens = location == null ? new String[0] : location.split("/");
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.isEmpty() || token.equals("type")) {
                continue;
            }
            if (token.equals("fields") && i + 1 < tokens.length && current.getType() == Schema.Type.RECORD) {
                int index = Integer.parseInt(tokens[++i]);
                if (index >= current.getFields().size()) {
                    break;
                }
                Schema.Field field = current.getFields().get(index);
                path.append('.').append(field.name());
                current = field.schema();
            } else if (token.equals("items") && current.getType() == Schema.Type.ARRAY) {
                path.append("[]");
                current = current.getElementType();
            } else if (token.equals("values") && current.getType() == Schema.Type.MAP) {
                path.append("{}");
                current = current.getValueType();
            } else if (current.getType() == Schema.Type.UNION && token.chars().allMatch(Character::isDigit)) {
                int branch = Integer.parseInt(token);
                if (branch >= current.getTypes().size()) {
                    break;
                }
                current = current.getTypes().get(branch);
            } else {
                break;
            }
        }
        return path.toString();
    }

    private static String displayName(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getFullName();
            default -> schema.getType().getName();
        };
    }
}
