using AIVideo.Core.Hosting;
using Azure.Core;
using Azure.Identity;

namespace AIVideo.Tests.Core;

public sealed class StorageConnectionTests
{
    private const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;";

    [Fact]
    public void A_connection_string_is_used_with_its_key()
    {
        var connection = StorageConnection.Parse(AzuriteConnectionString);

        Assert.False(connection.UsesTokenCredential);
        Assert.Equal(AzuriteConnectionString, connection.ConnectionString);
        Assert.Null(connection.ServiceUri);

        var blobs = connection.CreateBlobServiceClient(NoCredential);
        Assert.Equal("devstoreaccount1", blobs.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), blobs.Uri);
        Assert.True(blobs.CanGenerateAccountSasUri);

        var queues = connection.CreateQueueServiceClient(NoCredential);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), queues.Uri);
    }

    [Theory]
    [InlineData("https://aivideostorage.blob.core.windows.net/")]
    [InlineData("  https://aivideostorage.blob.core.windows.net  ")]
    public void A_service_uri_is_used_with_a_token_credential(string value)
    {
        var connection = StorageConnection.Parse(value);

        Assert.True(connection.UsesTokenCredential);
        Assert.Null(connection.ConnectionString);

        var credentialAsked = false;
        var blobs = connection.CreateBlobServiceClient(() =>
        {
            credentialAsked = true;
            return new DefaultAzureCredential();
        });

        Assert.True(credentialAsked);
        Assert.Equal("aivideostorage", blobs.AccountName);
        // No key, so the client can only ever sign with a user delegation key.
        Assert.False(blobs.CanGenerateAccountSasUri);
    }

    [Fact]
    public void The_development_storage_shortcut_is_a_connection_string()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.False(connection.UsesTokenCredential);
        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
    }

    [Fact]
    public void ToString_never_reveals_the_account_key()
    {
        var connection = StorageConnection.Parse(AzuriteConnectionString);

        Assert.DoesNotContain("AccountKey", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Eby8", connection.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_value_is_refused(string value) =>
        Assert.ThrowsAny<ArgumentException>(() => StorageConnection.Parse(value));

    private static TokenCredential NoCredential() =>
        throw new InvalidOperationException("A connection string must not ask for a token credential.");
}
