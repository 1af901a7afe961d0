using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>Finds the .NET type a JSON path (<c>tags, 1, label</c>) points at inside a request type.</summary>
internal static class JsonMemberType
{
    public static Type? Resolve(Type root, IEnumerable<object> path)
    {
        Type? current = root;
        foreach (var part in path)
        {
            current = part switch
            {
                int => ElementType(current!),
                string name => Member(current!, name),
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return Nullable.GetUnderlyingType(current!) ?? current;
    }

    private static Type? Member(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => JsonName(p) == jsonName)?.PropertyType;

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?
                .GetGenericArguments()[0];
}
