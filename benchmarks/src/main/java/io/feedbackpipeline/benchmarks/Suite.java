package io.feedbackpipeline.benchmarks;

import io.feedbackpipeline.benchmarks.analytics.AnalyticsData;
import io.feedbackpipeline.benchmarks.analytics.AnalyticsQueries;
import io.feedbackpipeline.benchmarks.analytics.BusyHour;
import io.feedbackpipeline.benchmarks.export.ExportBenchmark;
import io.feedbackpipeline.benchmarks.load.BaseplateBatches;
import io.feedbackpipeline.benchmarks.load.HttpLoad;
import io.feedbackpipeline.benchmarks.load.LoadResult;
import io.feedbackpipeline.benchmarks.load.OpenLoopVisibility;
import io.feedbackpipeline.benchmarks.load.RawProducer;
import io.feedbackpipeline.benchmarks.load.StrangerLoad;
import io.feedbackpipeline.benchmarks.measure.CpuSnapshot;
import io.feedbackpipeline.benchmarks.measure.CpuUse;
import io.feedbackpipeline.benchmarks.measure.GatewayMetrics;
import io.feedbackpipeline.benchmarks.measure.Machine;
import io.feedbackpipeline.benchmarks.measure.ProcessStats;
import io.feedbackpipeline.benchmarks.projection.BatchShapeBenchmark;
import io.feedbackpipeline.benchmarks.projection.ConnectReference;
import io.feedbackpipeline.benchmarks.projection.CopyReference;
import io.feedbackpipeline.benchmarks.projection.GrowthBenchmark;
import io.feedbackpipeline.benchmarks.projection.ItemSet;
import io.feedbackpipeline.benchmarks.projection.ProcessorBacklog;
import io.feedbackpipeline.benchmarks.projection.RawPostgres;
import io.feedbackpipeline.benchmarks.projection.RebuildBenchmark;
import io.feedbackpipeline.benchmarks.report.Charts;
import io.feedbackpipeline.benchmarks.report.CpuPerItem;
import io.feedbackpipeline.benchmarks.report.Measurement;
import io.feedbackpipeline.benchmarks.report.Report;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.cluster.PipelineProcesses;
import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.localstack.process.ServiceJvm;
import io.feedbackpipeline.projection.store.RollupRefresh;
import io.feedbackpipeline.projection.store.RowTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every benchmark beside its reference, in one run on one machine. The steps run in an order where each leaves the
 * pipeline idle and caught up for the next: HTTP (with the raw producer), visibility, Baseplate batches, the
 * projection comparison (raw PostgreSQL, the processor on a backlog, Kafka Connect), memory, and a full rebuild.
 */
final class Suite {

    /** Where things are and go; {@code profiles} (optional) gets a JFR recording of each service. */
    record Paths(Path gatewayJar, Path processorJar, Path feedbackctlJar, Path work, Path out, Path profiles) {}

    /** The steps in the order they run; memory is always measured. */
    static final List<String> STEPS = List.of(
            "http",
            "auth",
            "visibility",
            "overload",
            "baseplate",
            "projection",
            "analytics",
            "export",
            "rebuild",
            "growth");

    static final int PARTITIONS = 6;
    /** The processor's switch of its change relay (and of the outbox rows it relays). */
    private static final String CHANGES_SETTING = "PIPELINE_PROCESSOR_CHANGES_ENABLED";
    /** The processor's default concurrency; Kafka Connect gets as many tasks. */
    static final int PROCESSOR_CONSUMERS = 3;
    /** The local stack's service memory settings with the JIT's every tier: steady-state costs are measured. */
    static final List<String> SERVICE_JVM = ServiceJvm.measured();

    private static final Duration CATCH_UP = Duration.ofMinutes(30);

    private final Size size;
    private final Paths paths;
    private final Set<String> steps;
    private final Report report = new Report();
    private final List<Runnable> charts = new ArrayList<>();

    Suite(Size size, Paths paths, Set<String> steps) {
        this.size = size;
        this.paths = paths;
        this.steps = Set.copyOf(steps);
    }

    Report run() throws Exception {
        report.context("size", size);
        report.context("machine", Machine.describe());
        report.context("http load tool", HttpLoad.wrkInstalled() ? "wrk" : "JDK HttpClient (wrk not installed)");
        report.context("service JVM options", SERVICE_JVM);
        Map<String, String> gatewayEnv = new HashMap<>();
        Map<String, String> processorEnv = new HashMap<>();
        // The benchmark measures the request path, not the per-key limiter in front of it.
        gatewayEnv.put("PIPELINE_GATEWAY_RATE_LIMIT_ENABLED", "false");
        if (paths.profiles() != null) {
            Files.createDirectories(paths.profiles());
            gatewayEnv.put("JDK_JAVA_OPTIONS", recording("gateway"));
            processorEnv.put("JDK_JAVA_OPTIONS", recording("processor"));
            report.context("profiled with", "JFR (settings=profile), recordings in " + paths.profiles());
        }
        try (PipelineProcesses cluster = PipelineProcesses.start(new PipelineProcesses.Options(
                paths.work(),
                paths.gatewayJar(),
                paths.processorJar(),
                PARTITIONS,
                SERVICE_JVM,
                processorEnv,
                gatewayEnv,
                // No class data sharing: writing an archive would take CPU from the steps it measures.
                null))) {
            Tenant tenant = Tenant.create(cluster.owner());
            cluster.startServices();
            Thread.sleep(size.warmUp().toMillis());
            long gatewayIdle = ProcessStats.residentMegabytes(cluster.gateway().pid());
            long processorIdle =
                    ProcessStats.residentMegabytes(cluster.processors().get(0).pid());

            if (steps.contains("http")) {
                http(cluster, tenant);
            }
            if (steps.contains("auth")) {
                auth(cluster, tenant);
            }
            if (steps.contains("visibility")) {
                visibility(cluster, tenant);
            }
            if (steps.contains("overload")) {
                overload(cluster, tenant);
            }
            if (steps.contains("baseplate")) {
                baseplate(cluster, tenant);
            }
            if (steps.contains("projection")) {
                projection(cluster, tenant);
            }
            if (steps.contains("analytics")) {
                analytics(cluster, tenant);
            }
            memory(cluster, gatewayIdle, processorIdle);
            if (steps.contains("export")) {
                export(cluster);
            }
            if (steps.contains("rebuild")) {
                rebuild(cluster);
            }
            if (steps.contains("growth")) {
                growth(cluster, tenant);
            }
        }
        report.write(paths.out());
        for (Runnable chart : charts) {
            chart.run();
        }
        return report;
    }

    private void http(PipelineProcesses cluster, Tenant tenant) throws Exception {
        System.out.println("HTTP: closed loop, " + size.connections() + " connections, " + size.httpRun() + " each");
        HttpLoad load = new HttpLoad(cluster.gatewayUrl(), paths.work());
        HttpLoad.Target paradigm = paradigmRating(tenant, "http");
        HttpLoad.Target liveness = new HttpLoad.Target("GET", "/livez", Map.of(), null);
        load.run(liveness, size.connections(), size.warmUp());
        load.run(paradigm, size.connections(), size.warmUp());
        awaitCaughtUp(cluster);

        LoadResult bare = load.run(liveness, size.connections(), size.httpRun());
        CpuSnapshot before = CpuSnapshot.take(cluster);
        LoadResult rated = load.run(paradigm, size.connections(), size.httpRun());
        Map<String, Double> cpu = CpuSnapshot.take(cluster).since(before);
        awaitCaughtUp(cluster);
        LoadResult producer = RawProducer.run(
                cluster.bootstrapServers(),
                tenant.projectId(),
                tenant.numericTypeId(),
                size.connections(),
                size.httpRun());
        awaitCaughtUp(cluster);

        report.add(Measurement.versus(
                "http",
                "Paradigm rate calls",
                rated.requestsPerSecond(),
                "req/s",
                "bare liveness, same server",
                bare.requestsPerSecond(),
                0.6));
        report.add(Measurement.target("http", "Paradigm rate calls", rated.requestsPerSecond(), "req/s", 5000, true));
        report.add(Measurement.target("http", "Paradigm p99 latency", rated.p99(), "ms", 50, false));
        report.add(Measurement.of("http", "Paradigm p50 latency", rated.p50(), "ms"));
        report.add(Measurement.of("http", "Paradigm non-2xx answers", rated.failed(), "requests"));
        report.add(Measurement.of("http", "bare liveness p99 latency", bare.p99(), "ms"));
        report.add(Measurement.versus(
                "http",
                "Paradigm rate calls vs the raw producer",
                rated.requestsPerSecond(),
                "req/s",
                "raw Kafka producer, same settings",
                producer.requestsPerSecond(),
                null));
        report.add(Measurement.of("http", "raw Kafka producer p99 ack latency", producer.p99(), "ms"));
        double requests = rated.requestsPerSecond() * size.httpRun().toSeconds();
        report.add(Measurement.of("cpu", "gateway CPU per Paradigm call", cpu.get("gateway") * 1000 / requests, "ms"));
        perItem("http", "Paradigm calls", cpu, requests, "call", "load generator (wrk) and harness");
        for (String part : List.of("gateway", "processor", "broker", "PostgreSQL", "rest")) {
            report.add(Measurement.of("cpu", part + " CPU in the Paradigm run", cpu.get(part), "s"));
        }
        report.context(
                "cpu seconds available in the Paradigm run",
                Runtime.getRuntime().availableProcessors() * size.httpRun().toSeconds());
        chart(
                "http.png",
                "HTTP: requests per second, " + size.connections() + " connections",
                "req/s",
                List.of("bare liveness", "Paradigm rate", "raw Kafka producer"),
                List.of(bare.requestsPerSecond(), rated.requestsPerSecond(), producer.requestsPerSecond()));
        List<String> parts = List.of("gateway", "processor", "broker", "PostgreSQL", "rest");
        chart(
                "cpu.png",
                "Where the CPU went in the Paradigm run",
                "CPU seconds",
                parts,
                parts.stream().map(cpu::get).toList());
    }

    private void visibility(PipelineProcesses cluster, Tenant tenant) throws Exception {
        System.out.println(
                "Visibility: open loop at " + size.openLoopRates() + " req/s, " + size.openLoopRun() + " each");
        OpenLoopVisibility probe = new OpenLoopVisibility(
                cluster.gatewayUrl(),
                tenant.apiKey(),
                tenant.endpointId(),
                tenant.numericTypeId(),
                cluster.owner(),
                tenant.projectId());
        // Warm up both APIs' paths (the http step warms only Paradigm's) and the probe itself, as the http step
        // does with wrk: otherwise the first rate measures the JIT compiler, not the pipeline.
        probe.run(size.openLoopRates().get(0), size.warmUp());
        awaitCaughtUp(cluster);
        List<OpenLoopVisibility.Outcome> outcomes = new ArrayList<>();
        for (int rate : size.openLoopRates()) {
            CpuSnapshot before = CpuSnapshot.take(cluster);
            double harnessBefore = Machine.harnessCpuSeconds();
            OpenLoopVisibility.Outcome outcome = probe.run(rate, size.openLoopRun());
            double harness = Machine.harnessCpuSeconds() - harnessBefore;
            Map<String, Double> cpu = CpuSnapshot.take(cluster).since(before);
            outcomes.add(outcome);
            String at = " at " + rate + " req/s";
            perItem("visibility", "open loop" + at, cpu, outcome.sent(), "request", "probe and harness");
            // The client and the probe run in this JVM: its own CPU says what the load itself cost the 2 cores.
            report.add(Measurement.of(
                    "visibility",
                    "open loop" + at + ": client and probe (this JVM) CPU per request",
                    harness * 1e6 / outcome.sent(),
                    "µs"));
            report.add(Measurement.of("visibility", "p50" + at, outcome.p50(), "ms"));
            report.add(Measurement.target("visibility", "p99" + at, outcome.p99(), "ms", 100, false));
            report.add(Measurement.of("visibility", "p99.9" + at, outcome.p999(), "ms"));
            report.add(Measurement.of("visibility", "p99 from the 2xx" + at, outcome.ackP99(), "ms"));
            report.add(Measurement.target(
                    "visibility",
                    "not acknowledged or never visible" + at,
                    outcome.notAcknowledged() + outcome.notVisible(),
                    "requests",
                    1,
                    false));
            report.add(Measurement.of("visibility", "of them shed with 503" + at, outcome.shed(), "requests"));
            awaitCaughtUp(cluster);
        }
        charts.add(() -> unchecked(() -> Charts.visibility(paths.out().resolve("visibility.png"), outcomes)));
    }

    /**
     * Far more clients than the gateway answers at once ({@code overloadConnections}, each sending its next write as
     * soon as it has its answer): it must shed the excess with fast 503s and keep every answer within its bound, never
     * queue requests for seconds, and never fall over.
     */
    private void overload(PipelineProcesses cluster, Tenant tenant) throws Exception {
        int clients = size.overloadConnections();
        String at = " with " + clients + " clients";
        System.out.println("Overload: closed loop" + at + ", " + size.httpRun());
        long gateway = cluster.gateway().pid();
        double shedBefore = GatewayMetrics.read(cluster.gatewayManagementUrl(), "gateway_overload_refused_total");
        CpuSnapshot before = CpuSnapshot.take(cluster);
        LoadResult outcome = new HttpLoad(cluster.gatewayUrl(), paths.work())
                .run(paradigmRating(tenant, "overload"), clients, size.httpRun());
        Map<String, Double> cpu = CpuSnapshot.take(cluster).since(before);
        double shed =
                GatewayMetrics.read(cluster.gatewayManagementUrl(), "gateway_overload_refused_total") - shedBefore;
        double answers = outcome.requestsPerSecond() * size.httpRun().toSeconds();
        perItem("overload", "Paradigm calls" + at, cpu, answers, "call", "load generator and harness");
        report.add(Measurement.of("overload", "answers" + at, outcome.requestsPerSecond(), "req/s"));
        report.add(Measurement.of(
                "overload",
                "acknowledged (2xx)" + at,
                (answers - outcome.failed()) / size.httpRun().toSeconds(),
                "req/s"));
        report.add(Measurement.of("overload", "shed with 503 overloaded" + at, shed, "requests"));
        // The gateway also counts refusals wrk never saw answered (connections it closed at the end).
        report.add(Measurement.target(
                "overload",
                "failed otherwise (not 2xx, not shed)" + at,
                Math.max(0, outcome.failed() - shed),
                "requests",
                1,
                false));
        report.add(Measurement.of("overload", "answer p50" + at, outcome.p50(), "ms"));
        report.add(Measurement.target("overload", "answer p99" + at, outcome.p99(), "ms", 250, false));
        report.add(Measurement.target(
                "overload", "gateway restarts" + at, cluster.gateway().pid() == gateway ? 0 : 1, "", 1, false));
        awaitCaughtUp(cluster);
    }

    private void baseplate(PipelineProcesses cluster, Tenant tenant) throws Exception {
        System.out.println("Baseplate: " + size.baseplateRequests() + " batches of 100");
        CpuSnapshot before = CpuSnapshot.take(cluster);
        BaseplateBatches.Outcome outcome = BaseplateBatches.run(
                cluster.gatewayUrl(),
                tenant.apiKey(),
                tenant.endpointId(),
                cluster.bootstrapServers(),
                size.baseplateRequests(),
                Math.max(2, size.connections() / 4));
        report.add(Measurement.target(
                "throughput",
                "Baseplate batches of 100, end to end",
                outcome.itemsPerSecond(),
                "items/s",
                50_000, // issue 24's target
                true));
        report.add(Measurement.of(
                "throughput",
                "Baseplate batches of 100, acknowledged",
                outcome.acknowledgedItemsPerSecond(),
                "items/s"));
        report.add(Measurement.of("throughput", "Baseplate non-2xx answers", outcome.failed(), "requests"));
        // Where the end-to-end time went: each process's CPU over the step, from the first request to the last row.
        Map<String, Double> cpu = CpuSnapshot.take(cluster).since(before);
        for (String part : List.of("gateway", "processor", "broker", "PostgreSQL")) {
            report.add(Measurement.of("throughput", part + " CPU in the Baseplate step", cpu.get(part), "s"));
        }
        perItem(
                "throughput",
                "Baseplate batches of 100",
                cpu,
                size.baseplateRequests() * 100.0,
                "item",
                "load generator and harness");
    }

    /** A Paradigm rating of {@code {"value": 1}}, each request for a new completion whose id starts with the step's. */
    private static HttpLoad.Target paradigmRating(Tenant tenant, String step) {
        return new HttpLoad.Target(
                "POST",
                "/api/v2/rate/" + tenant.numericTypeId() + "/" + step + "-%d",
                Map.of("Authorization", "Bearer " + tenant.apiKey(), "Content-Type", "application/json"),
                "{\"value\": 1}");
    }

    /**
     * Strangers trying random keys while a valid client sends ratings from the same address: the valid client's
     * latency beside its latency alone, and how many key lookups the strangers caused in the database.
     */
    private void auth(PipelineProcesses cluster, Tenant tenant) throws Exception {
        int strangers = 4;
        System.out.println("Auth: valid key alone, then beside " + strangers + " strangers trying random keys");
        HttpLoad load = new HttpLoad(cluster.gatewayUrl(), paths.work());
        HttpLoad.Target paradigm = paradigmRating(tenant, "auth");
        int connections = 8;
        LoadResult alone = load.run(paradigm, connections, size.httpRun());
        awaitCaughtUp(cluster);
        double lookupsBefore = GatewayMetrics.read(cluster.gatewayManagementUrl(), "feedback_auth_lookups_total");
        CpuSnapshot before = CpuSnapshot.take(cluster);
        StrangerLoad attack = StrangerLoad.start(cluster.gatewayUrl(), "/api/v2/rate/1/stranger", strangers);
        LoadResult beside = load.run(paradigm, connections, size.httpRun());
        StrangerLoad.Outcome outcome = attack.stop();
        Map<String, Double> cpu = CpuSnapshot.take(cluster).since(before);
        double lookups =
                GatewayMetrics.read(cluster.gatewayManagementUrl(), "feedback_auth_lookups_total") - lookupsBefore;
        awaitCaughtUp(cluster);

        report.add(Measurement.versus(
                "auth",
                "valid-key Paradigm p99 beside strangers",
                beside.p99(),
                "ms",
                "the same client alone",
                alone.p99(),
                null));
        report.add(Measurement.of("auth", "valid-key Paradigm p50 beside strangers", beside.p50(), "ms"));
        report.add(Measurement.of(
                "auth", "valid-key Paradigm rate beside strangers", beside.requestsPerSecond(), "req/s"));
        report.add(Measurement.of("auth", "valid-key non-2xx answers beside strangers", beside.failed(), "requests"));
        report.add(Measurement.of("auth", "stranger requests (random keys)", outcome.requests(), "requests"));
        report.add(Measurement.of("auth", "stranger requests answered 401", outcome.unauthorized(), "requests"));
        report.add(Measurement.of("auth", "stranger requests answered 429", outcome.throttled(), "requests"));
        report.add(Measurement.of("auth", "database key lookups during the strangers' run", lookups, "lookups"));
        perItem(
                "auth",
                "valid calls beside strangers",
                cpu,
                beside.requestsPerSecond() * size.httpRun().toSeconds() + outcome.requests(),
                "request (valid and stranger)",
                "load generators and harness");
    }

    private void projection(PipelineProcesses cluster, Tenant tenant) throws Exception {
        ItemSet items = new ItemSet(
                tenant.projectId(),
                tenant.numericTypeId(),
                size.backlogItems(),
                size.backlogUsageIds(),
                100,
                "backlog-");
        System.out.println("Projection: " + items.items() + " items over " + items.usageIds() + " usage ids");
        PostgresServer.Role owner = PostgresServer.OWNER;
        double raw = withCpuPerItem(
                cluster,
                "projection",
                "raw PostgreSQL (unnest upsert)",
                items.items(),
                "item",
                "the JDBC writer (harness)",
                () -> RawPostgres.run(cluster.postgres().jdbcUrl(), owner.name(), owner.password(), items, 1000));
        double copy = withCpuPerItem(
                cluster,
                "projection",
                "binary COPY + one merge statement",
                items.items(),
                "item",
                "the COPY writer (harness)",
                () -> CopyReference.run(cluster.postgres().jdbcUrl(), owner.name(), owner.password(), items, 1000));
        CopyReference.Agreement agreement =
                CopyReference.comparedWithRaw(cluster.postgres().jdbcUrl(), owner.name(), owner.password());
        report.context(
                "COPY reference registers agreeing with the raw reference's",
                agreement.same() + " of " + agreement.registers());
        double processor = ProcessorBacklog.run(cluster, items);
        ItemSet flood = new ItemSet(
                tenant.projectId(), tenant.numericTypeId(), size.backlogItems(), size.backlogUsageIds(), 100, "flood-");
        perItem(
                "projection",
                "processor on the backlog",
                ProcessorBacklog.cpuOfAFlood(cluster, flood, true),
                flood.items(),
                "item",
                "the producer (harness)");
        report.context("registers the processor wrote", ProcessorBacklog.registers(cluster, items));
        ConnectReference.publish(cluster.bootstrapServers(), items, PARTITIONS);
        double connect = withCpuPerItem(
                cluster,
                "projection",
                "Kafka Connect + Debezium JDBC sink",
                items.items(),
                "item",
                "Kafka Connect (in the harness)",
                () -> ConnectReference.run(
                        cluster.bootstrapServers(),
                        cluster.postgres().jdbcUrl(),
                        owner.name(),
                        owner.password(),
                        PROCESSOR_CONSUMERS,
                        items.items(),
                        paths.work().resolve("connect")));
        String name = "processor, " + items.items() + " items / " + items.usageIds() + " usage ids";
        report.add(Measurement.versus(
                "projection", name, processor, "items/s", "raw PostgreSQL (JDBC, unnest upsert)", raw, 0.9));
        report.add(Measurement.versus(
                "projection", name, processor, "items/s", "binary COPY into staging + one merge statement", copy, 0.8));
        report.add(Measurement.versus(
                "projection", name, processor, "items/s", "Kafka Connect + Debezium JDBC sink", connect, null));
        chart(
                "projection.png",
                "Projection: items per second, " + items.items() + " items",
                "items/s",
                List.of("binary COPY + merge", "raw PostgreSQL", "rating-processor", "Kafka Connect + Debezium JDBC"),
                List.of(copy, raw, processor, connect));
        abTest(cluster, tenant, "projection", "receipts", "PIPELINE_PROCESSOR_RECEIPTS_ENABLED", 0.95);
        if (size.everyAbTest()) {
            abTest(cluster, tenant, "projection", "change stream", CHANGES_SETTING, 0.85);
        }
    }

    /**
     * The analytics question of issue 21 (30 days, hourly, by model) over {@code analyticsRows} rows, asked of the
     * API beside the raw tables; then what keeping the rollup costs ingestion: the processor on the same backlog with
     * its analytics off and on, alternated as every A/B here is ({@link #onInRun}).
     */
    private void analytics(PipelineProcesses cluster, Tenant tenant) throws Exception {
        System.out.println("Analytics: " + size.analyticsRows() + " feedback rows over 30 days");
        long began = System.nanoTime();
        AnalyticsData data = AnalyticsData.load(cluster.owner(), size.analyticsRows() / 2);
        double loaded = (System.nanoTime() - began) / 1e9;
        began = System.nanoTime();
        new RollupRefresh(cluster.owner(), ProjectionTables.LIVE).refreshAll(20_000);
        double rolledUp = (System.nanoTime() - began) / 1e9;
        AnalyticsQueries queries = new AnalyticsQueries();
        int warmUp = Math.max(2, size.analyticsQueries() / 10);
        AnalyticsQueries.Latencies api = withCpuPerItem(
                cluster,
                "analytics",
                "API queries",
                warmUp + size.analyticsQueries(),
                "query",
                "harness",
                () -> queries.api(cluster.gatewayUrl(), data, warmUp, size.analyticsQueries()));
        // The raw statement takes tens of seconds at full size: a few runs say enough about it.
        AnalyticsQueries.Latencies raw =
                queries.raw(cluster.owner(), data, 1, Math.max(3, size.analyticsQueries() / 40));
        String question = "30 days, hourly, by model, " + data.rows() + " rows";
        report.context("analytics rows written straight into the tables", data.rows());
        report.add(Measurement.of("analytics", "load of the rows (SQL, not measured against anything)", loaded, "s"));
        report.add(Measurement.of("analytics", "rollup built from scratch (every hour marked)", rolledUp, "s"));
        report.add(Measurement.target("analytics", question + ": API p99", api.p99(), "ms", 100, false));
        report.add(Measurement.versus(
                "analytics",
                question + ": API p99 vs the raw tables",
                api.p99(),
                "ms",
                "one SQL statement on the raw tables, p99",
                raw.p99(),
                null));
        report.add(Measurement.of("analytics", question + ": API p50", api.p50(), "ms"));
        report.add(Measurement.of("analytics", question + ": raw tables p50", raw.p50(), "ms"));
        report.add(Measurement.of("analytics", question + ": groups in the answer", api.answerSize(), "groups"));
        chart(
                "analytics.png",
                "Analytics: " + question + ", p99 latency",
                "ms",
                List.of("API (rollup)", "raw tables (SQL)"),
                List.of(api.p99(), raw.p99()));
        busyHour(cluster);

        if (size.everyAbTest()) {
            abTest(cluster, tenant, "analytics", "analytics", "PIPELINE_PROCESSOR_ANALYTICS_ENABLED", 0.9);
        }
    }

    /**
     * The rollup of one hour holding a tenth of the analytics rows, recomputed in slices (the processor's way) and in
     * one transaction, sliced first so that a warmer cache favours the one transaction: what slicing costs, and the
     * longest any transaction of it holds the tables.
     */
    private void busyHour(PipelineProcesses cluster) throws Exception {
        int registers = size.analyticsRows() / 10;
        long sliceRows = Math.min(RollupRefresh.DEFAULT_SLICE_ROWS, registers / 10);
        System.out.println("Analytics: a busy hour of " + registers + " registers, its rollup in slices and whole");
        try (BusyHour busy = BusyHour.load(cluster.owner(), registers)) {
            BusyHour.Timing sliced = busy.refresh(sliceRows);
            BusyHour.Timing whole = busy.refresh(Long.MAX_VALUE);
            String hour = "busy hour of " + registers + " registers";
            report.add(Measurement.of("analytics", hour + ": rollup in one transaction", whole.seconds(), "s"));
            report.add(Measurement.of(
                    "analytics", hour + ": rollup in slices of " + sliceRows + ", in all", sliced.seconds(), "s"));
            report.add(Measurement.of(
                    "analytics",
                    hour + ": rollup in slices, the longest transaction",
                    sliced.longestTransactionSeconds(),
                    "s"));
            report.add(
                    Measurement.of("analytics", hour + ": rollup in slices, transactions", sliced.slices(), "slices"));
        }
    }

    /**
     * {@code feedbackctl export} of {@code analyticsRows} feedback rows (the analytics step's data shape: a log and two
     * registers per usage id), to Parquet and JSON Lines, and the preference pairs made of them: rows a second, the
     * file's size, and the command's peak resident memory with {@code bin/feedbackctl}'s JVM options.
     */
    private void export(PipelineProcesses cluster) throws Exception {
        System.out.println("Export: " + size.analyticsRows() + " feedback rows");
        AnalyticsData data = AnalyticsData.load(cluster.owner(), size.analyticsRows() / 2);
        String rows = String.format("%,d rows", data.rows());
        for (String format : List.of("parquet", "jsonl")) {
            ExportBenchmark.Outcome outcome = withCpuPerItem(
                    cluster,
                    "export",
                    rows + " to " + format,
                    data.rows(),
                    "row",
                    "feedbackctl and harness",
                    () -> ExportBenchmark.run(
                            paths.feedbackctlJar(),
                            cluster.postgres().jdbcUrl(),
                            data.project(),
                            paths.work().resolve("export." + format),
                            "--format",
                            format));
            System.out.printf("  %s: %.1f s, peak RSS %d MB%n", format, outcome.seconds(), outcome.peakRssMegabytes());
            report.add(Measurement.of("export", rows + " to " + format, data.rows() / outcome.seconds(), "rows/s"));
            report.add(
                    Measurement.of("export", rows + " to " + format + ": file size", outcome.fileBytes() / 1e6, "MB"));
            report.add(Measurement.target(
                    "export",
                    rows + " to " + format + ": feedbackctl peak RSS (bin/feedbackctl's -Xmx512m)",
                    outcome.peakRssMegabytes(),
                    "MB",
                    600,
                    false));
        }
        ExportBenchmark.Outcome pairs = ExportBenchmark.run(
                paths.feedbackctlJar(),
                cluster.postgres().jdbcUrl(),
                data.project(),
                paths.work().resolve("pairs.jsonl"),
                "--format",
                "jsonl",
                "--pairs");
        System.out.printf("  pairs: %.1f s, %s%n", pairs.seconds(), pairs.summary());
        report.context("preference pairs of the export step", pairs.summary());
        report.add(Measurement.of("export", rows + ", preference pairs: time", pairs.seconds(), "s"));
        report.add(Measurement.of(
                "export", rows + ", preference pairs: feedbackctl peak RSS", pairs.peakRssMegabytes(), "MB"));
    }

    /**
     * What a feature of the processor costs: its rate with the feature on against off, alternated in one run, and the
     * CPU per item of each process with it on and off.
     */
    private void abTest(
            PipelineProcesses cluster, Tenant tenant, String step, String feature, String setting, double target)
            throws Exception {
        OnAndOff measured = alternated(cluster, tenant, feature, setting);
        report.add(Measurement.versus(
                step,
                "processor with " + feature + " on, " + size.backlogItems() / 2 + " items a run",
                measured.on(),
                "items/s",
                feature + " off, same run (mean of two each, alternated)",
                measured.off(),
                target));
        String flood = ", a flood of " + size.backlogItems() / 2 + " items to the live processor (all runs summed)";
        perItem(
                step,
                feature + " on" + flood,
                measured.cpuOn(),
                measured.floodItems(),
                "item",
                "the producer (harness)");
        perItem(
                step,
                feature + " off" + flood,
                measured.cpuOff(),
                measured.floodItems(),
                "item",
                "the producer (harness)");
    }

    /**
     * Items per second of the processor with a feature on and off, each the mean of two runs; and the CPU by process
     * of a flood after each run, summed over the runs with the feature on and off ({@code floodItems} each).
     */
    private record OnAndOff(
            double on, double off, Map<String, Double> cpuOn, Map<String, Double> cpuOff, double floodItems) {}

    /**
     * The processor on fresh backlogs of half the backlog size, with {@code setting} off, on, on, off ({@code abPairs}
     * times off and on, in the order of {@link #onInRun}). After each backlog a flood as large to the live processor
     * measures the CPU per item without start-up (with the change relay's work when it runs, so the next run starts
     * with an empty outbox).
     */
    private OnAndOff alternated(PipelineProcesses cluster, Tenant tenant, String feature, String setting)
            throws Exception {
        double on = 0;
        double off = 0;
        Map<String, Double> cpuOn = new LinkedHashMap<>();
        Map<String, Double> cpuOff = new LinkedHashMap<>();
        for (int run = 0; run < 2 * size.abPairs(); run++) {
            boolean isOn = onInRun(run);
            String prefix = feature.replace(' ', '-') + "-" + run + "-";
            System.out.println("A/B: backlog with " + feature + " " + (isOn ? "on" : "off"));
            double rate =
                    ProcessorBacklog.run(cluster, halfBacklog(tenant, prefix), Map.of(setting, Boolean.toString(isOn)));
            ItemSet flood = halfBacklog(tenant, prefix + "flood-");
            boolean relayed = isOn || !setting.equals(CHANGES_SETTING);
            Map<String, Double> cpu = ProcessorBacklog.cpuOfAFlood(cluster, flood, relayed);
            System.out.printf("  %s %s: %,.0f items/s; a flood: %s CPU-s%n", feature, isOn ? "on" : "off", rate, cpu);
            cpu.forEach((part, seconds) -> (isOn ? cpuOn : cpuOff).merge(part, seconds, Double::sum));
            if (isOn) {
                on += rate;
            } else {
                off += rate;
            }
        }
        return new OnAndOff(
                on / size.abPairs(),
                off / size.abPairs(),
                cpuOn,
                cpuOff,
                (double) size.abPairs() * (size.backlogItems() / 2));
    }

    /**
     * Whether an A/B's run {@code run} (from 0) has the feature on: off, on, on, off, then again. Off and on in turns
     * (off, on, off, on) put every "on" later than its "off" in each pair, so anything that drifts through the runs (a
     * table that grows, a checkpoint that comes due) fell on "on"; in this order a steady drift cancels out over every
     * four runs.
     */
    static boolean onInRun(int run) {
        return run % 4 == 1 || run % 4 == 2;
    }

    /** Half the backlog's items on half its usage ids, in records of 100, on usage ids starting with {@code prefix}. */
    private ItemSet halfBacklog(Tenant tenant, String prefix) {
        return new ItemSet(
                tenant.projectId(),
                tenant.numericTypeId(),
                size.backlogItems() / 2,
                size.backlogUsageIds() / 2,
                100,
                prefix);
    }

    private void memory(PipelineProcesses cluster, long gatewayIdle, long processorIdle) {
        long gatewayAfter = ProcessStats.residentMegabytes(cluster.gateway().pid());
        long processorAfter =
                ProcessStats.residentMegabytes(cluster.processors().get(0).pid());
        report.add(Measurement.of("memory", "gateway RSS idle", gatewayIdle, "MB"));
        report.add(Measurement.target("memory", "gateway RSS after the runs", gatewayAfter, "MB", 300, false));
        report.add(Measurement.of("memory", "processor RSS idle", processorIdle, "MB"));
        report.add(Measurement.target("memory", "processor RSS after the backlog", processorAfter, "MB", 400, false));
        report.add(Measurement.of(
                "memory",
                "gateway peak RSS",
                ProcessStats.peakResidentMegabytes(cluster.gateway().pid()),
                "MB"));
        report.add(Measurement.of(
                "memory",
                "processor peak RSS",
                ProcessStats.peakResidentMegabytes(cluster.processors().get(0).pid()),
                "MB"));
        chart(
                "memory.png",
                "Resident memory (-Xmx512m)",
                "MB",
                List.of("gateway idle", "gateway after", "processor idle", "processor after"),
                List.of((double) gatewayIdle, (double) gatewayAfter, (double) processorIdle, (double) processorAfter));
    }

    private void rebuild(PipelineProcesses cluster) throws Exception {
        // The writer's two transports over the same topics, arrays first: the A/B of issue 24's binary COPY.
        rebuild(cluster, RowTransport.ARRAYS, "full rebuild, SQL arrays");
        rebuild(cluster, RowTransport.COPY, "full rebuild");
    }

    private void rebuild(PipelineProcesses cluster, RowTransport transport, String run) throws Exception {
        // From a quiet pipeline: a rebuild's swap records every register it changes, and the live processor's relay
        // publishes them after it. The first rebuild of a full run removes the analytics step's 10 M registers (in no
        // topic), and until run 9 the relay published those 10 M deletions during the second rebuild, whose CPU
        // figures then held them. Publishing those took 311 s in full run 10 on a fast machine.
        long quiet = System.nanoTime();
        ProcessorBacklog.awaitRelayed(cluster, Duration.ofMinutes(30));
        report.add(Measurement.of(
                "projection", run + ": waited for the change relay before it", (System.nanoTime() - quiet) / 1e9, "s"));
        System.out.println("Rebuild (" + transport + "): both topics into shadow tables, then the swap");
        RebuildBenchmark.Outcome[] rebuilt = new RebuildBenchmark.Outcome[1];
        CpuUse cpu = CpuUse.of(
                cluster,
                () -> rebuilt[0] = RebuildBenchmark.run(cluster.bootstrapServers(), cluster.owner(), transport));
        RebuildBenchmark.Outcome outcome = rebuilt[0];
        report.context("items the rebuild replayed", outcome.items());
        report.add(
                transport == RowTransport.COPY
                        ? Measurement.target("projection", run, outcome.itemsPerSecond(), "items/s", 120_000, true)
                        : Measurement.of("projection", run, outcome.itemsPerSecond(), "items/s"));
        // Where a rebuild's time goes: the rebuilder (this JVM) and PostgreSQL, each against the wall time.
        report.add(Measurement.of("projection", run + " wall time", outcome.seconds(), "s"));
        // The swap holds the live tables (readers and the processor wait) for what was written since its last catch-up.
        report.add(
                Measurement.of("projection", run + ": live tables held by the swap", outcome.swapHeldSeconds(), "s"));
        report.add(Measurement.of(
                "projection",
                run + ": registers compared under the swap's lock",
                outcome.retakenUnderLock(),
                "registers"));
        report.add(Measurement.of("projection", run + ": rebuilder CPU", cpu.harnessSeconds(), "s"));
        report.add(Measurement.of("projection", run + ": PostgreSQL CPU", cpu.of("PostgreSQL"), "s"));
        report.add(Measurement.of("projection", run + ": broker CPU", cpu.of("broker"), "s"));
        perItem("projection", run, cpu.processes(), outcome.items(), "item", "the rebuilder (harness)");
    }

    private static final long SEGMENT_REGISTERS = 1_000_000;

    private void growth(PipelineProcesses cluster, Tenant tenant) throws Exception {
        // Segments of at most a million registers: from 10 M on, the first is the reference, "at 1 M".
        int segments = (int) Math.max(10, (size.growthRegisters() + SEGMENT_REGISTERS - 1) / SEGMENT_REGISTERS);
        System.out.println("Growth: " + size.growthRegisters() + " new registers in " + segments + " segments, times "
                + size.growthTimes());
        List<CpuUse> cpu = new ArrayList<>();
        List<GrowthBenchmark.Segment> segmentsMeasured = GrowthBenchmark.run(
                cluster.owner(),
                tenant.projectId(),
                tenant.numericTypeId(),
                size.growthRegisters(),
                segments,
                size.growthTimes(),
                run -> cpu.add(CpuUse.of(cluster, run::run)));
        List<String> names = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < segmentsMeasured.size(); i++) {
            GrowthBenchmark.Segment segment = segmentsMeasured.get(i);
            String name = "registers up to " + String.format("%,d", segment.registersAtEnd());
            report.add(Measurement.of("growth", name, segment.itemsPerSecond(), "items/s"));
            report.add(Measurement.of(
                    "growth",
                    name + ": PostgreSQL CPU per item",
                    cpu.get(i).of("PostgreSQL") * 1e6 / segment.items(),
                    "µs"));
            report.add(Measurement.of(
                    "growth",
                    name + ": writer (harness) CPU per item",
                    cpu.get(i).harnessSeconds() * 1e6 / segment.items(),
                    "µs"));
            report.add(Measurement.of("growth", name + ": table and indexes", segment.tableBytes() / 1e6, "MB"));
            report.add(Measurement.of(
                    "growth", name + ": WAL per item", segment.wal().bytes() / (double) segment.items(), "bytes"));
            report.add(Measurement.of(
                    "growth",
                    name + ": full-page images per item",
                    segment.wal().fullPageImages() / (double) segment.items(),
                    "FPI"));
            names.add(String.format("%.1fM", segment.registersAtEnd() / 1e6));
            rates.add(segment.itemsPerSecond());
        }
        GrowthBenchmark.Segment first = segmentsMeasured.get(0);
        GrowthBenchmark.Segment last = segmentsMeasured.get(segmentsMeasured.size() - 1);
        report.add(Measurement.versus(
                "growth",
                "new registers at " + String.format("%,d", last.registersAtEnd()),
                last.itemsPerSecond(),
                "items/s",
                "the first " + String.format("%,d", first.registersAtEnd()),
                first.itemsPerSecond(),
                0.7));
        chart("growth.png", "New registers per second as the table grows", "items/s", names, rates);
        batchShape(cluster, tenant);
    }

    /** The growth step's second axis: transaction size against the share of distinct keys, at a small table. */
    private void batchShape(PipelineProcesses cluster, Tenant tenant) throws Exception {
        long items = size.backlogItems() / 5;
        System.out.println("Batch shape: " + items + " items per cell, each into an emptied table");
        for (int batch : List.of(100, 1_000, 10_000)) {
            for (double share : List.of(1.0, 0.1, 0.01)) {
                CpuUse[] cpu = new CpuUse[1];
                BatchShapeBenchmark.Cell cell = BatchShapeBenchmark.run(
                        cluster.owner(),
                        tenant.projectId(),
                        tenant.numericTypeId(),
                        batch,
                        share,
                        items,
                        run -> cpu[0] = CpuUse.of(cluster, run::run));
                String name = String.format(
                        "transactions of %,d items, keys from a pool of %.0f%% of them", batch, share * 100);
                report.add(Measurement.of("growth", name, cell.itemsPerSecond(), "items/s"));
                report.add(Measurement.of(
                        "growth",
                        name + ": rows left after the merge",
                        cell.rowsWritten() / (double) items,
                        "per item"));
                report.add(Measurement.of(
                        "growth", name + ": PostgreSQL CPU per item", cpu[0].of("PostgreSQL") * 1e6 / items, "µs"));
                report.add(Measurement.of(
                        "growth",
                        name + ": writer and merge (harness) CPU per item",
                        cpu[0].harnessSeconds() * 1e6 / items,
                        "µs"));
            }
        }
    }

    /** Something measured whose CPU per item is reported beside its own figures. */
    private interface Measured<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} between two CPU snapshots and reports its CPU per item; returns what it measured. */
    private <T> T withCpuPerItem(
            PipelineProcesses cluster,
            String group,
            String run,
            double items,
            String per,
            String rest,
            Measured<T> work)
            throws Exception {
        CpuSnapshot before = CpuSnapshot.take(cluster);
        T measured = work.run();
        perItem(group, run, CpuSnapshot.take(cluster).since(before), items, per, rest);
        return measured;
    }

    private void perItem(String group, String run, Map<String, Double> cpu, double items, String per, String rest) {
        CpuPerItem.of(group, run, cpu, items, per, rest).forEach(report::add);
    }

    /** A JFR recording of one service, written when it stops; JDK_JAVA_OPTIONS keeps it to that process. */
    private String recording(String service) {
        return "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                + paths.profiles().resolve(service + ".jfr");
    }

    private void chart(String file, String title, String unit, List<String> names, List<Double> values) {
        charts.add(() -> unchecked(() -> Charts.bars(paths.out().resolve(file), title, unit, names, values)));
    }

    private static void awaitCaughtUp(PipelineProcesses cluster) {
        ConsumerGroupProgress.awaitCaughtUp(
                cluster.bootstrapServers(), ConsumerGroupProgress.PROCESSOR_GROUP, CATCH_UP);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void unchecked(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
