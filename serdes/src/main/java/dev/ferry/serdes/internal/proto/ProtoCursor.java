package dev.ferry.serdes.internal.proto;

import dev.ferry.registry.spi.InvalidSchemaException;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Kind;
import dev.ferry.serdes.internal.proto.ProtoTokenizer.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The tokens of one {@code .proto} text as {@link ProtoParser} reads them: one at a time, errors naming file and line. */
final class ProtoCursor {

    private final List<Token> tokens;
    private final String fileName;
    private int next;

    ProtoCursor(String text, String fileName) {
        this.tokens = ProtoTokenizer.tokenize(text);
        this.fileName = fileName;
    }

    /** The token after the next one. */
    Token peekSecond() {
        return tokens.get(Math.min(next + 1, tokens.size() - 1));
    }

    /** A comma-separated list of ranges ({@code 5}, {@code 5 to 9}, {@code 5 to max}), each {start, end} with end inclusive. */
    List<int[]> ranges(int max) {
        List<int[]> ranges = new ArrayList<>();
        do {
            ranges.add(range(max));
        } while (acceptComma());
        return ranges;
    }

    private int[] range(int max) {
        int start = integer("number");
        int end = start;
        if (peek().is("to")) {
            take();
            if (peek().is("max")) {
                take();
                end = max;
            } else {
                end = integer("number");
            }
        }
        return new int[] {start, end};
    }

    boolean acceptComma() {
        if (peek().is(",")) {
            take();
            return true;
        }
        return false;
    }

    /**
     * One option: its name as written ({@code deprecated}, {@code (acme.opt).field}), its value
     * (a string's characters, a number's or identifier's text, or an aggregate's text-format content
     * between the braces) and the kind of that value ({@link Kind#SYMBOL} for an aggregate).
     */
    record Option(String name, String value, Token token, Kind valueKind) {}

    /** The option of an {@code option name = value;} statement, after the keyword. */
    Option optionStatement() {
        Option option = optionBody();
        expect(";");
        return option;
    }

    Option optionBody() {
        StringBuilder name = new StringBuilder();
        Token start = peek();
        while (!peek().is("=")) {
            Token token = take();
            if (token.kind() == Kind.END || token.is(";")) {
                throw error(token, "expected '=' in option");
            }
            name.append(token.text());
        }
        take();
        Token value = peek();
        if (value.is("{")) {
            return new Option(name.toString(), aggregate(), start, Kind.SYMBOL);
        }
        take();
        String text = value.text();
        Kind kind = value.kind();
        if (value.is("-") || value.is("+")) {
            Token number = take();
            text = value.text() + number.text();
            kind = number.kind();
        }
        return new Option(name.toString(), text, start, kind);
    }

    /** An aggregate value's content as text format, strings quoted again (the tokenizer unescaped them). */
    private String aggregate() {
        Token first = expect("{");
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (true) {
            Token token = take();
            if (token.kind() == Kind.END) {
                throw error(first, "'{' opened at line " + first.line() + " is never closed");
            }
            if (token.is("{")) {
                depth++;
            } else if (token.is("}") && --depth == 0) {
                return text.toString().strip();
            }
            text.append(token.kind() == Kind.STRING ? ProtoPrinter.quote(token.text()) : token.text());
            if (!token.is("-")) {
                text.append(' ');
            }
        }
    }

    boolean bool(Option option) {
        if (option.value().equals("true") || option.value().equals("false")) {
            return Boolean.parseBoolean(option.value());
        }
        throw error(option.token(), "option " + option.name() + " must be true or false, was " + option.value());
    }

    <E extends Enum<E>> E enumValue(Option option, Class<E> type) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(option.value())) {
                return value;
            }
        }
        throw error(
                option.token(),
                "option " + option.name() + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", was "
                        + option.value());
    }

    void skipBlockAfterName() {
        identifier("name");
        skipBalanced("{", "}");
    }

    void skipBalanced(String open, String close) {
        Token first = expect(open);
        int depth = 1;
        while (depth > 0) {
            Token token = take();
            if (token.kind() == Kind.END) {
                throw error(first, "'" + open + "' opened at line " + first.line() + " is never closed");
            }
            if (token.is(open)) {
                depth++;
            } else if (token.is(close)) {
                depth--;
            }
        }
    }

    int integer(String what) {
        boolean negative = false;
        if (peek().is("-")) {
            take();
            negative = true;
        }
        Token token = take();
        if (token.kind() != Kind.INT) {
            throw error(token, "expected " + what);
        }
        String text = token.text().toLowerCase(Locale.ROOT);
        try {
            long value;
            if (text.startsWith("0x")) {
                value = Long.parseLong(text.substring(2), 16);
            } else if (text.length() > 1 && text.startsWith("0")) {
                value = Long.parseLong(text.substring(1), 8);
            } else {
                value = Long.parseLong(text);
            }
            value = negative ? -value : value;
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw error(token, what + " " + value + " does not fit in 32 bits");
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw error(token, "malformed " + what + " '" + token.text() + "'");
        }
    }

    String name(String what) {
        Token token = take();
        if (token.kind() != Kind.IDENT || token.text().contains(".")) {
            throw error(token, "expected " + what);
        }
        return token.text();
    }

    String identifier(String what) {
        Token token = take();
        if (token.kind() != Kind.IDENT) {
            throw error(token, "expected " + what);
        }
        return token.text();
    }

    String string(String what) {
        Token token = take();
        if (token.kind() != Kind.STRING) {
            throw error(token, "expected " + what + " in quotes");
        }
        return token.text();
    }

    Token expect(String symbol) {
        Token token = take();
        if (!token.is(symbol)) {
            throw error(token, "expected '" + symbol + "'");
        }
        return token;
    }

    Token peek() {
        return tokens.get(next);
    }

    Token peekPrevious() {
        return tokens.get(Math.max(0, next - 1));
    }

    Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    InvalidSchemaException error(Token token, String message) {
        return new InvalidSchemaException(
                fileName + ":" + token.line() + ": " + message + ", found " + token.describe(), token.line(), null);
    }
}
