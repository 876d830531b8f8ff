package io.stockring.server.security;

import io.stockring.proto.v1.AuditRecord;

/**
 * Writes an {@link AuditRecord} as one line of proto3 JSON, the form {@link AuditLog#parse} reads
 * back: lowerCamelCase names, 64-bit integers as quoted decimals, empty fields left out. By hand,
 * because protobuf's {@code JsonFormat} printer walks descriptors and allocates about 12 KB per
 * record: after a bulk import (two records per administrative call) the audit thread was busy for
 * 20 s, on cores the hot path shares (bench/RESULTS-load.md, session 5). The request inside a
 * record ({@code requestJson}) is any message and still comes from {@code JsonFormat}.
 */
final class AuditLines
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AuditLines()
    {
    }

    /** Appends the record and a newline; no newline can occur inside (control characters are escaped). */
    static void append(final StringBuilder out, final AuditRecord r)
    {
        out.append('{');
        final int start = out.length();
        number(out, start, "seq", r.getSeq());
        number(out, start, "atMs", r.getAtMs());
        text(out, start, "principal", r.getPrincipal());
        text(out, start, "authenticatedBy", r.getAuthenticatedBy());
        text(out, start, "peer", r.getPeer());
        text(out, start, "method", r.getMethod());
        text(out, start, "requestJson", r.getRequestJson());
        text(out, start, "reason", r.getReason());
        text(out, start, "status", r.getStatus());
        text(out, start, "statusMessage", r.getStatusMessage());
        text(out, start, "detail", r.getDetail());
        out.append("}\n");
    }

    private static void number(final StringBuilder out, final int start, final String name, final long value)
    {
        if (value != 0)
        {
            name(out, start, name).append('"').append(value).append('"');
        }
    }

    private static void text(final StringBuilder out, final int start, final String name, final String value)
    {
        if (value.isEmpty())
        {
            return;
        }
        name(out, start, name).append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029')
                    {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                            .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static StringBuilder name(final StringBuilder out, final int start, final String name)
    {
        if (out.length() > start)
        {
            out.append(',');
        }
        return out.append('"').append(name).append("\":");
    }
}
