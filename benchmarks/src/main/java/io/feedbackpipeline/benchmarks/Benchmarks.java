package io.feedbackpipeline.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar benchmarks/target/benchmarks-*-exec.jar <benchmark> [options]} */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, subcommands = {GatewayLoad.class, ProcessorThroughput.class},
        description = "Measures the pipeline on this machine and prints the numbers.")
public final class Benchmarks {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmarks()).execute(args));
    }
}
