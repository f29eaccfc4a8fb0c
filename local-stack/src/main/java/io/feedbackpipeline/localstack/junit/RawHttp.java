package io.feedbackpipeline.localstack.junit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HTTP/1.1 as an attacker sends it, over a plain socket: a request that declares (or streams) a body far larger than
 * anything it will ever send in full, to see whether the server answers before reading it. Returns the status the
 * server answered, or -1 when it closed the connection without one.
 */
public final class RawHttp {

    private RawHttp() {}

    /**
     * Sends the headers of a POST declaring {@code declaredLength} bytes, then body bytes until the server answers
     * or {@code sendAtMost} bytes are sent, and returns the status. {@code chunked} streams it instead, with no
     * length declared.
     */
    public static int postOversized(
            int port, String path, String contentType, long declaredLength, long sendAtMost, boolean chunked)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String length = chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + declaredLength + "\r\n";
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\n" + length
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] piece = new byte[64 * 1024];
            Arrays.fill(piece, (byte) ' ');
            piece[0] = '{';
            long sent = 0;
            try {
                while (sent < sendAtMost && in.available() == 0) {
                    if (chunked) {
                        out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(piece);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(piece);
                    }
                    sent += piece.length;
                    piece[0] = ' ';
                }
                out.flush();
            } catch (SocketException closedOnUs) {
                // The server answered and closed while the body was still coming: read what it said.
            }
            return status(in);
        }
    }

    /** An answer's status and its head (status line and headers), as sent. */
    public record Answer(int status, String head) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * A complete POST from the loopback address {@code source} (any of 127.0.0.0/8): how a test plays a client of
     * its own, which per-address throttles count apart from every other test's.
     */
    public static Answer postFrom(String source, int port, String path, String contentType, byte[] body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                            + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            String head = end < 0 ? answer : answer.substring(0, end);
            String[] status = head.split(" ", 3);
            return new Answer(status.length >= 2 ? Integer.parseInt(status[1]) : -1, head);
        }
    }

    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
        } catch (SocketException reset) {
            // reset before any answer
        }
        String[] parts = line.toString(StandardCharsets.US_ASCII).trim().split(" ");
        return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    }
}
