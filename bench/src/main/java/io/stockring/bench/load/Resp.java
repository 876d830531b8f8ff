package io.stockring.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Redis (RESP2) connection for the peer comparison: commands out as arrays of bulk
 * strings, replies parsed into String, Long, List or a thrown error. One thread per connection.
 */
final class Resp implements AutoCloseable
{
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Resp(final String host, final int port) throws IOException
    {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 3_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Sends one command and waits for its reply. */
    Object call(final String... args) throws IOException
    {
        send(args);
        out.flush();
        return read();
    }

    /** Queues a command without flushing (pipelining); read its reply later with {@link #read()}. */
    void send(final String... args) throws IOException
    {
        out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (final String a : args)
        {
            final byte[] b = a.getBytes(StandardCharsets.UTF_8);
            out.write(('$' + Integer.toString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write('\r');
            out.write('\n');
        }
    }

    void flush() throws IOException
    {
        out.flush();
    }

    Object read() throws IOException
    {
        final int type = in.read();
        final String line = line();
        switch (type)
        {
            case '+':
                return line;
            case '-':
                throw new IOException("redis: " + line);
            case ':':
                return Long.parseLong(line);
            case '$':
            {
                final int n = Integer.parseInt(line);
                if (n < 0)
                {
                    return null;
                }
                final byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*':
            {
                final int n = Integer.parseInt(line);
                final List<Object> items = new ArrayList<>(Math.max(0, n));
                for (int i = 0; i < n; i++)
                {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("redis: unexpected reply type " + type);
        }
    }

    private String line() throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r')
        {
            if (c < 0)
            {
                throw new IOException("redis: connection closed");
            }
            sb.append((char)c);
        }
        in.read();
        return sb.toString();
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
