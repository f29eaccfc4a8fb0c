package io.feedbackpipeline.processor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RatingProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(RatingProcessorApplication.class, args);
    }
}
