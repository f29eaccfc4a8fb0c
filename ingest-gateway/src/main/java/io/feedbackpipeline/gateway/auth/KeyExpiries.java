package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.support.timer.Periodic;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records in the catalog audit each key that passed its expiry. No statement expires a key, time does; the gateway
 * is what stops accepting it, so it is what notices, once per cache TTL (the time within which it refuses the key).
 * The recording is idempotent, so any number of gateways may do it; the audit gets the moment the key expired.
 */
@Component
class KeyExpiries implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyExpiries.class);

    private final CatalogAdmin catalog;
    private final Periodic timer;

    KeyExpiries(DataSource dataSource, AuthProperties properties) {
        this.catalog = new CatalogAdmin(dataSource, "gateway");
        Duration every = properties.cacheTtl();
        this.timer = new Periodic("api-key-expiries", every, every, this::record);
    }

    private void record() {
        try {
            int recorded = catalog.recordKeyExpiries();
            if (recorded > 0) {
                log.info("Recorded {} API key expiries in the catalog audit", recorded);
            }
        } catch (RuntimeException e) {
            log.warn("Cannot record API key expiries (will try again): {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
