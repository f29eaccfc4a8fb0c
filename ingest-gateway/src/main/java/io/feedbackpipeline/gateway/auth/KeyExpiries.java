package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.CatalogAdmin;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "api-key-expiries");
        thread.setDaemon(true);
        return thread;
    });

    KeyExpiries(DataSource dataSource, AuthProperties properties) {
        this.catalog = new CatalogAdmin(dataSource, "gateway");
        long every = properties.cacheTtl().toMillis();
        timer.scheduleWithFixedDelay(this::record, every, every, TimeUnit.MILLISECONDS);
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
        timer.shutdownNow();
    }
}
