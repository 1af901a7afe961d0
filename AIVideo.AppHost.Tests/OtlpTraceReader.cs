namespace AIVideo.AppHost.Tests;

/// <summary>One exported span: enough to follow a trace from service to service.</summary>
public sealed record ExportedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind)
{
    public const int KindServer = 2;
    public const int KindClient = 3;
    public const int KindProducer = 4;
    public const int KindConsumer = 5;
}

/// <summary>
/// Reads the spans out of an OTLP <c>ExportTraceServiceRequest</c> (protobuf), decoding only the fields
/// the tests need: the resource's <c>service.name</c>, and each span's ids, name and kind
/// (opentelemetry-proto, trace/v1/trace.proto and common/v1/common.proto).
/// </summary>
internal static class OtlpTraceReader
{
    public static IEnumerable<ExportedSpan> ReadSpans(byte[] request)
    {
        // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
        foreach (var resourceSpans in Fields(request, 1))
        {
            // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
            var service = Fields(resourceSpans, 1).Select(ServiceName).FirstOrDefault(name => name is not null) ?? "";
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
                foreach (var span in Fields(scopeSpans, 2))
                {
                    yield return ReadSpan(service, span);
                }
            }
        }
    }

    // Resource { repeated KeyValue attributes = 1; } KeyValue { string key = 1; AnyValue value = 2; } AnyValue { string string_value = 1; }
    private static string? ServiceName(byte[] resource) =>
        Fields(resource, 1)
            .Where(attribute => Fields(attribute, 1).Select(Text).FirstOrDefault() == "service.name")
            .SelectMany(attribute => Fields(attribute, 2))
            .SelectMany(value => Fields(value, 1))
            .Select(Text)
            .FirstOrDefault();

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6; }
    private static ExportedSpan ReadSpan(string service, byte[] span)
    {
        var kind = 0;
        foreach (var (number, _, value) in ReadFields(span))
        {
            if (number == 6)
            {
                kind = (int)value;
            }
        }

        return new ExportedSpan(
            service,
            Hex(Fields(span, 1).FirstOrDefault()),
            Hex(Fields(span, 2).FirstOrDefault()),
            Hex(Fields(span, 4).FirstOrDefault()),
            Fields(span, 5).Select(Text).FirstOrDefault() ?? "",
            kind);
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static string Hex(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(bytes);

    /// <summary>The length-delimited values of field <paramref name="number"/>.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int number) =>
        ReadFields(message).Where(field => field.Number == number && field.Bytes is not null).Select(field => field.Bytes!);

    /// <summary>Every field of a message: its number, and its bytes (length-delimited) or its varint value.</summary>
    private static IEnumerable<(int Number, byte[]? Bytes, ulong Value)> ReadFields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return (number, null, ReadVarint(message, ref position));
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return (number, message[position..(position + length)], 0);
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type in field {number}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
