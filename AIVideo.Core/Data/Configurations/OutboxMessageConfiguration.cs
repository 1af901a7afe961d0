using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Queue).HasMaxLength(63);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Property(m => m.CreatedAt).HasDefaultValueSql("now()");

        // The dispatcher only ever looks for what is still pending, oldest first.
        builder.HasIndex(m => m.CreatedAt).HasFilter("dispatched_at IS NULL");
    }
}
