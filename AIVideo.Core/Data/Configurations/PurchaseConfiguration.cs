using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class PurchaseConfiguration : IEntityTypeConfiguration<Purchase>
{
    public void Configure(EntityTypeBuilder<Purchase> builder)
    {
        builder.ToTable(t => t.HasCheckConstraint("ck_purchases_status", $"status IN ({SnakeCaseNames.SqlValueList<PurchaseStatus>()})"));

        builder.Property(p => p.StripeSessionId).HasMaxLength(255);
        builder.Property(p => p.ProductType).HasMaxLength(64);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Status).HasMaxLength(16);
        builder.Property(p => p.StripePaymentIntentId).HasMaxLength(255);
        builder.Property(p => p.StripeSubscriptionId).HasMaxLength(255);
        builder.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");

        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.StripeSessionId).IsUnique();
        // charge.refunded names the payment intent, not the session.
        builder.HasIndex(p => p.StripePaymentIntentId);
        builder.HasIndex(p => new { p.UserId, p.CreatedAt });
    }
}
