using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class TrialImageConfiguration : IEntityTypeConfiguration<TrialImage>
{
    public void Configure(EntityTypeBuilder<TrialImage> builder)
    {
        builder.Property(i => i.Title).HasMaxLength(200);
        builder.Property(i => i.ImageUrl).HasMaxLength(1000);
        builder.Property(i => i.Category).HasMaxLength(50);
        builder.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(i => i.UpdatedAt).HasDefaultValueSql("now()");

        builder.HasIndex(i => new { i.IsActive, i.Order, i.Id });
        // Admins list everything, hidden items included, in the same order.
        builder.HasIndex(i => new { i.Order, i.Id });
    }
}
