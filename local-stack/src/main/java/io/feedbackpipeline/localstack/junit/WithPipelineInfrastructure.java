package io.feedbackpipeline.localstack.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the real Kafka broker and the real, migrated PostgreSQL of this test run, and points Spring
 * Boot at them ({@code spring.kafka.bootstrap-servers}, {@code spring.datasource.*}). Put it before
 * {@code @SpringBootTest} so the servers run before the application context starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PipelineInfrastructureExtension.class)
public @interface WithPipelineInfrastructure {}
