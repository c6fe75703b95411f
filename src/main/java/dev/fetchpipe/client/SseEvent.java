package dev.fetchpipe.client;

/**
 * One Server-Sent Event.
 *
 * @param type the {@code event:} field, or "message" when there was none
 * @param data the {@code data:} lines, joined with line feeds
 */
public record SseEvent(String type, String data) {}
