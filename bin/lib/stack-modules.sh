# shellcheck shell=bash
# What bin/local-stack runs, and feedbackctl; Maven's -am adds the modules they are built from. The tests, the
# benchmark harness (Kafka Connect, Debezium, Hibernate) and the system tests are not built or downloaded for the
# stack: ./mvnw verify does. Sourced by bin/local-stack and bin/stack-dependencies.
# shellcheck disable=SC2034
stack_modules=local-stack,ingest-gateway,rating-processor,feedbackctl
# shellcheck disable=SC2034
modules=(schemas catalog merge json-contract service-support local-stack projection ingest-gateway rating-processor
  feedbackctl)
