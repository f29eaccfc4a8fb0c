package io.feedbackpipeline.gateway.http;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.network.*} (environment {@code PIPELINE_GATEWAY_NETWORK_*}).
 *
 * @param trustedProxies addresses or CIDR ranges of the reverse proxies in front of the gateway, whose
 *     {@code X-Forwarded-For} is believed; empty (the default) believes no one's, so the peer is the client
 */
@Validated
@ConfigurationProperties("pipeline.gateway.network")
record NetworkProperties(@DefaultValue List<String> trustedProxies) {

    public NetworkProperties {
        trustedProxies.forEach(ClientAddresses.Cidr::parse); // a bad entry stops start-up, not a request
    }
}
