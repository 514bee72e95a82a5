package dev.ferry.serdes.internal.proto;

import dev.ferry.registry.spi.InvalidSchemaException;
import java.util.ArrayList;
import java.util.List;

/** Splits {@code .proto} text into tokens, dropping comments and whitespace. */
final class ProtoTokenizer {

    enum Kind {
        IDENT,
        INT,
        FLOAT,
        STRING,
        SYMBOL,
        END
    }

    record Token(Kind kind, String text, int line) {
        boolean is(String symbolOrWord) {
            return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(symbolOrWord);
        }

        String describe() {
            return kind == Kind.END
                    ? "end of file"
                    : kind == Kind.STRING ? "string \"" + text + "\"" : "'" + text + "'";
        }
    }

    private final String text;
    private int position;
    private int line = 1;

    private ProtoTokenizer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new ProtoTokenizer(text).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (position >= text.length()) {
                tokens.add(new Token(Kind.END, "", line));
                return tokens;
            }
            char c = text.charAt(position);
            if (Character.isLetter(c)
                    || c == '_'
                    || (c == '.' && position + 1 < text.length() && Character.isLetter(text.charAt(position + 1)))) {
                tokens.add(identifier());
            } else if (Character.isDigit(c)
                    || (c == '.' && position + 1 < text.length() && Character.isDigit(text.charAt(position + 1)))) {
                tokens.add(number());
            } else if (c == '"' || c == '\'') {
                Token string = string(c);
                Token previous = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
                if (previous != null && previous.kind() == Kind.STRING) {
                    // Adjacent string literals concatenate, as in C.
                    tokens.set(
                            tokens.size() - 1,
                            new Token(Kind.STRING, previous.text() + string.text(), previous.line()));
                } else {
                    tokens.add(string);
                }
            } else if ("{}()[];=,<>:-+/".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), line));
                position++;
            } else {
                throw new InvalidSchemaException("unexpected character '" + c + "' at line " + line, line, null);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\n') {
                line++;
                position++;
            } else if (Character.isWhitespace(c)) {
                position++;
            } else if (text.startsWith("//", position)) {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else if (text.startsWith("/*", position)) {
                int end = text.indexOf("*/", position + 2);
                if (end < 0) {
                    throw new InvalidSchemaException("unterminated comment starting at line " + line, line, null);
                }
                for (int i = position; i < end; i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                    }
                }
                position = end + 2;
            } else {
                return;
            }
        }
    }

    private Token identifier() {
        int start = position;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                position++;
            } else {
                break;
            }
        }
        return new Token(Kind.IDENT, text.substring(start, position), line);
    }

    private Token number() {
        int start = position;
        boolean floating = false;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isLetterOrDigit(c) || c == '.') {
                if (c == '.'
                        || ((c == 'e' || c == 'E') && !text.startsWith("0x", start) && !text.startsWith("0X", start))) {
                    floating = true;
                    if ((c == 'e' || c == 'E')
                            && position + 1 < text.length()
                            && (text.charAt(position + 1) == '-' || text.charAt(position + 1) == '+')) {
                        position++;
                    }
                }
                position++;
            } else {
                break;
            }
        }
        return new Token(floating ? Kind.FLOAT : Kind.INT, text.substring(start, position), line);
    }

    private Token string(char quote) {
        int startLine = line;
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length() || text.charAt(position) == '\n') {
                throw new InvalidSchemaException("unterminated string at line " + startLine, startLine, null);
            }
            char c = text.charAt(position++);
            if (c == quote) {
                return new Token(Kind.STRING, value.toString(), startLine);
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (position >= text.length()) {
                throw new InvalidSchemaException("unterminated string at line " + startLine, startLine, null);
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'a' -> value.append('\u0007');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'v' -> value.append('\u000b');
                case 'x', 'X' -> value.append((char) digits(16, 2));
                default -> {
                    if (escaped >= '0' && escaped <= '7') {
                        position--;
                        value.append((char) digits(8, 3));
                    } else {
                        value.append(escaped);
                    }
                }
            }
        }
    }

    private int digits(int radix, int max) {
        int value = 0;
        int count = 0;
        while (count < max && position < text.length() && Character.digit(text.charAt(position), radix) >= 0) {
            value = value * radix + Character.digit(text.charAt(position), radix);
            position++;
            count++;
        }
        if (count == 0) {
            throw new InvalidSchemaException("malformed escape in string at line " + line, line, null);
        }
        return value;
    }
}
