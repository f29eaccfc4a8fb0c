package io.feedbackpipeline.localstack.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the shared {@link PipelineInfrastructure} on first use and keeps it for the whole test run (root store),
 * then closes it when the run ends; a class marked {@code dedicated} gets its own, closed after the class, and the
 * shared servers' settings are restored for the classes after it. Resolves the class's infrastructure as a test or
 * lifecycle method parameter.
 */
public final class PipelineInfrastructureExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PipelineInfrastructureExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        infrastructure(context).exportSpringProperties();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dedicated(context)) {
            PipelineInfrastructure shared = context.getRoot()
                    .getStore(NAMESPACE)
                    .get(PipelineInfrastructure.class, PipelineInfrastructure.class);
            if (shared != null) {
                shared.exportSpringProperties();
            } else {
                PipelineInfrastructure.clearSpringProperties();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PipelineInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return infrastructure(context);
    }

    private static PipelineInfrastructure infrastructure(ExtensionContext context) {
        if (dedicated(context)) {
            return classContext(context)
                    .getStore(NAMESPACE)
                    .computeIfAbsent(
                            "dedicated", unused -> PipelineInfrastructure.startFresh(), PipelineInfrastructure.class);
        }
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(
                        PipelineInfrastructure.class,
                        type -> PipelineInfrastructure.startFresh(),
                        PipelineInfrastructure.class);
    }

    private static boolean dedicated(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithPipelineInfrastructure.class)
                .map(WithPipelineInfrastructure::dedicated)
                .orElse(false);
    }

    /** The class's own context, also when called from a method's, so the dedicated servers live as long as it. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
