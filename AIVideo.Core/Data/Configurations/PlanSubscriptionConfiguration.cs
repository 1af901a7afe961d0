using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class PlanSubscriptionConfiguration : IEntityTypeConfiguration<PlanSubscription>
{
    public void Configure(EntityTypeBuilder<PlanSubscription> builder)
    {
        builder.ToTable("plan_subscriptions", t => t.HasCheckConstraint("ck_plan_subscriptions_status", $"status IN ({SnakeCaseNames.SqlValueList<SubscriptionStatus>()})"));

        builder.Property(s => s.StripeSubscriptionId).HasMaxLength(255);
        builder.Property(s => s.PlanId).HasMaxLength(64);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.Property(s => s.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(s => s.UpdatedAt).HasDefaultValueSql("now()");

        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.StripeSubscriptionId).IsUnique();
        builder.HasIndex(s => new { s.UserId, s.CreatedAt });
    }
}
