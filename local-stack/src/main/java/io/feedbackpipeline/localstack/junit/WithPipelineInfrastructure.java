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
 *
 * <p>A class that breaks a server (stops, kills or freezes it) takes {@code dedicated = true}: it gets servers of its
 * own, closed after it, so no other class ever meets the outage it causes. Its Spring context must then be its own
 * too ({@code @DirtiesContext} and a property no other class has), so the cache never hands it another class's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PipelineInfrastructureExtension.class)
public @interface WithPipelineInfrastructure {

    /** Servers of the class's own, instead of the test run's shared ones. */
    boolean dedicated() default false;
}
