package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Who a request comes from, as the throttles count it (issue 19 item 8). */
class ClientAddressesTest {

    @Test
    @DisplayName("an IPv6 client is its /64: rotating through the prefix is one client")
    void ipv6IsGroupedBySlash64() {
        ClientAddresses addresses = new ClientAddresses(new NetworkProperties(List.of()));

        assertThat(addresses.of(peer("2001:db8:1:2::1"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(addresses.of(peer("2001:db8:1:2:ffff:eeee:dddd:cccc"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(addresses.of(peer("2001:db8:1:3::1"))).isEqualTo("2001:db8:1:3::/64");
        assertThat(addresses.of(peer("192.0.2.7"))).isEqualTo("192.0.2.7");
    }

    @Test
    @DisplayName("X-Forwarded-For is ignored unless the peer is a configured proxy")
    void forwardedForOnlyFromTrustedProxies() {
        ClientAddresses untrusting = new ClientAddresses(new NetworkProperties(List.of()));
        ClientAddresses behindProxy = new ClientAddresses(new NetworkProperties(List.of("10.0.0.0/8")));

        MockHttpServletRequest forged = peer("192.0.2.7");
        forged.addHeader("X-Forwarded-For", "198.51.100.1");
        assertThat(untrusting.of(forged)).isEqualTo("192.0.2.7");
        assertThat(behindProxy.of(forged)).as("peer is no proxy").isEqualTo("192.0.2.7");

        MockHttpServletRequest proxied = peer("10.1.2.3");
        proxied.addHeader("X-Forwarded-For", "203.0.113.9, 198.51.100.1, 10.4.4.4");
        assertThat(behindProxy.of(proxied))
                .as("the nearest untrusted hop; what a client wrote further left is not believed")
                .isEqualTo("198.51.100.1");
    }

    @Test
    @DisplayName("a header hop that is no IP literal ends the trust and causes no DNS lookup")
    void namesAreNotAddresses() {
        ClientAddresses behindProxy = new ClientAddresses(new NetworkProperties(List.of("10.0.0.0/8")));
        MockHttpServletRequest proxied = peer("10.1.2.3");
        proxied.addHeader("X-Forwarded-For", "example.invalid, 10.4.4.4");

        assertThat(behindProxy.of(proxied)).isEqualTo("10.4.4.4");
        assertThat(ClientAddresses.literal("localhost")).isEmpty();
    }

    @Test
    @DisplayName("a malformed trusted-proxies entry stops start-up")
    void badProxyEntry() {
        assertThatThrownBy(() -> new NetworkProperties(List.of("10.0.0.0/99")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkProperties(List.of("proxy.example")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MockHttpServletRequest peer(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        return request;
    }
}
