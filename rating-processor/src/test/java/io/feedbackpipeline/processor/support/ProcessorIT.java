package io.feedbackpipeline.processor.support;

import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/** The processor, running, on the real broker and database of the test run. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithPipelineInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pipeline.processor.retry.max-interval=1s"})
public @interface ProcessorIT {}
