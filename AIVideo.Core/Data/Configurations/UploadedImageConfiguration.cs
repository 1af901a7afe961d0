using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class UploadedImageConfiguration : IEntityTypeConfiguration<UploadedImage>
{
    public void Configure(EntityTypeBuilder<UploadedImage> builder)
    {
        builder.ToTable(t => t.HasCheckConstraint("ck_uploaded_images_size", "size > 0 AND width > 0 AND height > 0"));

        builder.Property(i => i.BlobName).HasMaxLength(255);
        builder.Property(i => i.FilePath).HasMaxLength(300);
        builder.Property(i => i.OriginalName).HasMaxLength(255);
        builder.Property(i => i.ContentType).HasMaxLength(32);
        builder.Property(i => i.Sha256).HasMaxLength(64);
        builder.Property(i => i.CreatedAt).HasDefaultValueSql("now()");

        builder.HasOne<User>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(i => i.BlobName).IsUnique();
        builder.HasIndex(i => i.FilePath).IsUnique();
    }
}
