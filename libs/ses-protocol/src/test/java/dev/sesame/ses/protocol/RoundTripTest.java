package dev.sesame.ses.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** For every action, a request with every member set survives encode → form text → parse, and a result survives XML. */
class RoundTripTest {

    private static final ServiceModel MODEL = ServiceModel.ses();
    private final SampleValues samples = new SampleValues();

    static Stream<Operation> actions() {
        return MODEL.operations().values().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void everyRequestMemberRoundTripsThroughTheQueryEncoding(Operation operation) {
        JsonNode input = operation.input() == null ? new SampleValues.Empty().node() : samples.of(operation.input());
        String form = QueryWriter.encode(new QueryWriter(MODEL).write(operation, input));
        Map<String, String> decoded = FormDecoder.decode(form);
        QueryParser.ParsedRequest parsed = new QueryParser(MODEL).parse(decoded);
        assertEquals(operation, parsed.operation());
        assertEquals(input, parsed.input());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void everyResultMemberRoundTripsThroughTheXmlEncoding(Operation operation) {
        JsonNode result = operation.output() == null ? new SampleValues.Empty().node() : samples.of(operation.output());
        String xml = new XmlSerializer(MODEL).response(operation, result, "req-1");
        assertEquals(result, new XmlReader(MODEL).read(operation, xml));
        assertEquals("req-1", XmlReader.requestId(xml));
    }
}
