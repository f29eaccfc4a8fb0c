package io.feedbackpipeline.localstack.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts {@link PipelineInfrastructure} on first use and keeps it for the whole test run (root store), then
 * closes it when the run ends. Resolves it as a test or lifecycle method parameter.
 */
public final class PipelineInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PipelineInfrastructureExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context).exportSpringProperties();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PipelineInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    private static PipelineInfrastructure shared(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(
                        PipelineInfrastructure.class,
                        type -> PipelineInfrastructure.startFresh(),
                        PipelineInfrastructure.class);
    }
}
