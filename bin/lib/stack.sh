# shellcheck shell=bash
# What the stack's scripts share; sourced by bin/local-stack and bin/stack-dependencies.

# What bin/local-stack runs, and feedbackctl; Maven's -am adds the modules they are built from. The tests, the
# benchmark harness (Kafka Connect, Debezium, Hibernate) and the system tests are not built or downloaded for the
# stack: ./mvnw verify does.
# shellcheck disable=SC2034
stack_modules=local-stack,ingest-gateway,rating-processor,feedbackctl
# shellcheck disable=SC2034
modules=(schemas catalog merge json-contract service-support local-stack projection ingest-gateway rating-processor
  feedbackctl)

# SHA-256 of files or of standard input, with sha256sum's options; shasum where coreutils are missing (macOS).
# shellcheck disable=SC2120 # called with files, or with none to read standard input
sha256() { if command -v sha256sum > /dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
