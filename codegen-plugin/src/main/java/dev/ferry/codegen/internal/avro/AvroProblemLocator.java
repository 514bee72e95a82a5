package dev.ferry.codegen.internal.avro;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.codegen.internal.SchemaProblem;
import dev.ferry.codegen.internal.source.SchemaSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an Avro parse failure into {@code file:line:column: message}. Jackson's syntax errors carry
 * a position; Avro's semantic errors do not, so the offending name is looked up among the file's
 * string values.
 */
public final class AvroProblemLocator {
    private static final JsonFactory JSON = new JsonFactory();

    /** Which name a message is about, and which occurrence of it is the culprit. */
    private record Rule(Pattern pattern, boolean secondOccurrence) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("Undefined (?:schema|name): \"?([^\\s\"]+)\"?"), false),
            new Rule(Pattern.compile("Illegal (?:initial )?character in: (\\S+)"), false),
            new Rule(Pattern.compile("Duplicate field (\\S+) in record"), true),
            new Rule(Pattern.compile("Duplicate (?:enum )?symbol:? (\\S+)"), true),
            new Rule(Pattern.compile("Can't redefine: (\\S+)"), true),
            new Rule(Pattern.compile("default for field (\\S+?):"), false),
            new Rule(Pattern.compile("\"([^\"]+)\""), false));

    private AvroProblemLocator() {}

    public static SchemaProblem locate(SchemaSource source, RuntimeException failure) {
        Optional<JsonProcessingException> syntax = syntaxError(failure);
        if (syntax.isPresent()) {
            JsonLocation at = syntax.get().getLocation();
            return new SchemaProblem(
                    source.file(),
                    Math.max(at.getLineNr(), 0),
                    Math.max(at.getColumnNr(), 0),
                    syntax.get().getOriginalMessage());
        }
        String message = String.valueOf(failure.getMessage());
        List<Token> strings = stringValues(source.content());
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(message);
            while (matcher.find()) {
                Optional<Token> token = find(strings, matcher.group(1), rule.secondOccurrence());
                if (token.isPresent()) {
                    return new SchemaProblem(
                            source.file(), token.get().line(), token.get().column(), message);
                }
            }
        }
        return new SchemaProblem(source.file(), 0, 0, message);
    }

    private static Optional<JsonProcessingException> syntaxError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json && json.getLocation() != null) {
                return Optional.of(json);
            }
        }
        return Optional.empty();
    }

    /** The token spelling {@code name}, or its simple name when the message gives a full name. */
    private static Optional<Token> find(List<Token> strings, String name, boolean secondOccurrence) {
        List<Token> hits = strings.stream()
                .filter(t -> t.text().equals(name) || name.endsWith("." + t.text()))
                .toList();
        if (hits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(secondOccurrence && hits.size() > 1 ? hits.get(1) : hits.get(0));
    }

    private record Token(String text, int line, int column) {}

    private static List<Token> stringValues(String content) {
        List<Token> tokens = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(content)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING) {
                    JsonLocation at = parser.currentTokenLocation();
                    tokens.add(new Token(parser.getText(), at.getLineNr(), at.getColumnNr()));
                }
            }
        } catch (IOException e) {
            // The text stops being JSON past this point: the names found so far are all there is.
            return tokens;
        }
        return tokens;
    }
}
