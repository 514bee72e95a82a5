package dev.ferry.common.internal.config;

/**
 * The part of a document between {@code <!-- name:begin -->} and {@code <!-- name:end -->} lines, so a
 * generated section (the README's configuration reference, rendered from the key tables) can be
 * checked against its source and rewritten without touching the prose around it.
 */
public final class ReadmeSection {
    private ReadmeSection() {}

    /** The text between the markers, without them. */
    public static String read(String document, String name) {
        int[] span = span(document, name);
        return document.substring(span[0], span[1]);
    }

    /** The document with the text between the markers replaced. */
    public static String replace(String document, String name, String text) {
        int[] span = span(document, name);
        return document.substring(0, span[0]) + text + document.substring(span[1]);
    }

    private static int[] span(String document, String name) {
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "<!-- " + name + ":end -->";
        int start = document.indexOf(begin);
        int stop = document.indexOf(end);
        if (start < 0 || stop < start) {
            throw new IllegalArgumentException("no section '" + begin.trim() + "' ... '" + end + "' in the document");
        }
        return new int[] {start + begin.length(), stop};
    }
}
