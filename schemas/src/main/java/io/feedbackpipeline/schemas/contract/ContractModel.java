package io.feedbackpipeline.schemas.contract;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model that decodes contract events into their generated classes.
 *
 * <p>Avro 1.12 only instantiates classes its {@code ClassSecurityValidator} trusts, and trusts none of ours by
 * default. Instead of widening that JVM-wide setting (a system property or a global), this model resolves the
 * named types of the contract's own namespace itself and leaves every other name to Avro's checked lookup, so a
 * record can never make a reader instantiate a class outside the contract.
 *
 * <p>Its readers are Avro's fast readers ({@link FastReaderBuilder}: the resolution between writer and reader schema
 * planned once per schema pair, not interpreted per field of every record). Avro picks them by itself only for its own
 * two models, never a subclass, so this model asks for them; they instantiate records through {@link #getClass} as
 * the interpreted reader does.
 */
final class ContractModel extends SpecificData {

    private static final String CONTRACT_NAMESPACE = "io.feedbackpipeline.schemas";

    private final Map<String, Class<?>> contractClasses = new ConcurrentHashMap<>();

    ContractModel(SpecificData generatedModel) {
        super(ContractModel.class.getClassLoader());
        generatedModel.getConversions().forEach(this::addLogicalTypeConversion);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public DatumReader createDatumReader(Schema writer, Schema reader) {
        try {
            return new FastReaderBuilder(this).createDatumReader(writer, reader);
        } catch (IOException e) {
            throw new AvroRuntimeException("cannot plan the reader of " + reader.getFullName(), e);
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public DatumReader createDatumReader(Schema schema) {
        return createDatumReader(schema, schema);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
        boolean named = switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> true;
            default -> false;
        };
        if (named && CONTRACT_NAMESPACE.equals(schema.getNamespace())) {
            return contractClasses.computeIfAbsent(schema.getFullName(), this::loadContractClass);
        }
        return super.getClass(schema);
    }

    private Class<?> loadContractClass(String fullName) {
        try {
            return Class.forName(fullName, false, ContractModel.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AvroRuntimeException("the contract has no generated class " + fullName, e);
        }
    }
}
