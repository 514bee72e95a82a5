/**
 * What the modules share behind their public APIs: {@code Redaction}, the one rule that decides how
 * a configured value may be shown in a message, a log line or a {@code toString()}, and
 * {@code Backoff}, the one exponential backoff with jitter, for every module. Not an API: it
 * may change in any release.
 */
package dev.ferry.common.internal;
