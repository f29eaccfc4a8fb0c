package io.feedbackpipeline.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Who a request comes from, as the throttles count it. The peer's address, unless the peer is one of the configured
 * proxies: then the nearest untrusted address of {@code X-Forwarded-For} (read from the right, as each proxy
 * appends), so a client cannot pose as a fresh address by forging the header, and a proxy's own address is never
 * one client. An IPv6 client is its /64: one host holds a whole /64, so counting single addresses would let it rotate
 * through 2^64 of them.
 */
@Component
public class ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Cidr> trustedProxies;

    ClientAddresses(NetworkProperties properties) {
        this.trustedProxies =
                properties.trustedProxies().stream().map(Cidr::parse).toList();
    }

    /** The throttling key of the request's client: an IPv4 address, or an IPv6 /64. */
    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (trustedProxies.isEmpty() && peer != null && peer.indexOf(':') < 0) {
            // No header is believed and the connector's IPv4 literal is its own key: skip parsing it on every request.
            return peer;
        }
        InetAddress client = literal(peer).orElse(null);
        if (client == null) {
            return peer;
        }
        if (isTrusted(client)) {
            String forwarded = request.getHeader(FORWARDED_FOR);
            if (forwarded != null) {
                String[] hops = forwarded.split(",");
                for (int hop = hops.length - 1; hop >= 0; hop--) {
                    Optional<InetAddress> address = literal(hops[hop].trim());
                    if (address.isEmpty()) {
                        break; // a hop that is no address: trust nothing left of it
                    }
                    client = address.get();
                    if (!isTrusted(client)) {
                        break;
                    }
                }
            }
        }
        return key(client);
    }

    static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int group = 0; group < 4; group++) {
                if (group > 0) {
                    prefix.append(':');
                }
                prefix.append(Integer.toHexString(((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff)));
            }
            return prefix.append("::/64").toString();
        }
        return address.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** An IP literal, never a name: a header's content must not cause a DNS lookup. */
    static Optional<InetAddress> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        String candidate = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(candidate).matches();
        boolean v6 = candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is its own /32 or /128. */
    record Cidr(byte[] network, int prefixLength) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = literal(address.trim())
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR range: " + text));
            int bits = parsed.getAddress().length * 8;
            int length = slash < 0
                    ? bits
                    : Integer.parseInt(text.substring(slash + 1).trim());
            if (length < 0 || length > bits) {
                throw new IllegalArgumentException("prefix length out of range in " + text);
            }
            return new Cidr(parsed.getAddress(), length);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
