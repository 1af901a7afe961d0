using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class ShowcaseVideoConfiguration : IEntityTypeConfiguration<ShowcaseVideo>
{
    public void Configure(EntityTypeBuilder<ShowcaseVideo> builder)
    {
        builder.Property(v => v.Title).HasMaxLength(200);
        builder.Property(v => v.Description).HasMaxLength(1000);
        builder.Property(v => v.Category).HasMaxLength(50);
        builder.Property(v => v.VideoUrl).HasMaxLength(1000);
        builder.Property(v => v.PosterUrl).HasMaxLength(1000);
        builder.Property(v => v.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(v => v.UpdatedAt).HasDefaultValueSql("now()");

        // Public lists read active items in display order, optionally featured or by category.
        builder.HasIndex(v => new { v.IsActive, v.Order, v.Id });
        builder.HasIndex(v => new { v.IsActive, v.IsFeatured, v.Order, v.Id });
        builder.HasIndex(v => new { v.IsActive, v.Category, v.Order, v.Id });
        // Admins list everything, hidden items included, in the same order.
        builder.HasIndex(v => new { v.Order, v.Id });
    }
}
