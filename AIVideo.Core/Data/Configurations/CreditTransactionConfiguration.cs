using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class CreditTransactionConfiguration : IEntityTypeConfiguration<CreditTransaction>
{
    public void Configure(EntityTypeBuilder<CreditTransaction> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_credit_transactions_reason", $"reason IN ({SnakeCaseNames.SqlValueList<CreditReason>()})");
            t.HasCheckConstraint("ck_credit_transactions_balance_after_non_negative", "balance_after >= 0");
        });

        builder.Property(t => t.Reason).HasMaxLength(32);
        builder.Property(t => t.Note).HasMaxLength(200);
        builder.Property(t => t.StripeObjectId).HasMaxLength(255);
        builder.Property(t => t.CreatedAt).HasDefaultValueSql("now()");

        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);

        // A charge or refund happens at most once per video attempt, whatever the retries and races.
        builder.HasIndex(t => new { t.VideoId, t.Attempt, t.Reason }).IsUnique();

        // A payment grants, and a refund takes back, at most once per Stripe object.
        builder.HasIndex(t => new { t.StripeObjectId, t.Reason }).IsUnique();

        // The caller's history, newest first.
        builder.HasIndex(t => new { t.UserId, t.CreatedAt, t.Id }).IsDescending(false, true, true);
    }
}
