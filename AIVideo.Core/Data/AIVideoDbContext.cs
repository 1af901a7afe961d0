using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Core.Data;

public sealed class AIVideoDbContext(DbContextOptions<AIVideoDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<CreditTransaction> CreditTransactions => Set<CreditTransaction>();

    public DbSet<Video> Videos => Set<Video>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<UploadedImage> UploadedImages => Set<UploadedImage>();

    public DbSet<ShowcaseVideo> ShowcaseVideos => Set<ShowcaseVideo>();

    public DbSet<TrialImage> TrialImages => Set<TrialImage>();

    public DbSet<Purchase> Purchases => Set<Purchase>();

    public DbSet<PlanSubscription> PlanSubscriptions => Set<PlanSubscription>();

    public DbSet<StripeEventRecord> StripeEvents => Set<StripeEventRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AIVideoDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC (timestamptz); every amount of credits is numeric(12,2).
        configurationBuilder.Properties<decimal>().HavePrecision(12, 2);
        configurationBuilder.Properties<VideoStatus>().HaveConversion<SnakeCaseEnumConverter<VideoStatus>>();
        configurationBuilder.Properties<CreditReason>().HaveConversion<SnakeCaseEnumConverter<CreditReason>>();
        configurationBuilder.Properties<PurchaseStatus>().HaveConversion<SnakeCaseEnumConverter<PurchaseStatus>>();
        configurationBuilder.Properties<SubscriptionStatus>().HaveConversion<SnakeCaseEnumConverter<SubscriptionStatus>>();
    }
}
