using AIVideo.Core.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AIVideo.Core.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting a host. Generating a
/// migration never connects, so the connection string only has to be well-formed.
/// </summary>
internal sealed class AIVideoDbContextFactory : IDesignTimeDbContextFactory<AIVideoDbContext>
{
    public AIVideoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AIVideoDbContext>();
        CoreHostingExtensions.ConfigureDbContext(options, "Host=localhost;Database=aivideodb;Username=aivideo");
        return new AIVideoDbContext(options.Options);
    }
}
