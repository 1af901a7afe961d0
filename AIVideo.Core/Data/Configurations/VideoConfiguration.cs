using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class VideoConfiguration : IEntityTypeConfiguration<Video>
{
    public void Configure(EntityTypeBuilder<Video> builder)
    {
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_videos_status", $"status IN ({SnakeCaseNames.SqlValueList<VideoStatus>()})");
            t.HasCheckConstraint("ck_videos_progress", "progress BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_videos_attempt", "attempt >= 1");
        });

        builder.Property(v => v.Prompt).HasMaxLength(500);
        builder.Property(v => v.Model).HasMaxLength(64);
        builder.Property(v => v.ReferenceImageUrl).HasMaxLength(500);
        builder.Property(v => v.Status).HasMaxLength(16);
        builder.Property(v => v.Provider).HasMaxLength(32);
        builder.Property(v => v.ProviderJobId).HasMaxLength(255);
        builder.Property(v => v.VideoBlob).HasMaxLength(255);
        builder.Property(v => v.PosterBlob).HasMaxLength(255);
        builder.Property(v => v.Resolution).HasMaxLength(16);
        builder.Property(v => v.ErrorMessage).HasMaxLength(500);
        builder.Property(v => v.IdempotencyKey).HasMaxLength(255);
        builder.Property(v => v.IdempotencyRequestHash).HasMaxLength(64);
        builder.Property(v => v.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(v => v.UpdatedAt).HasDefaultValueSql("now()");

        builder.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);

        // GET /videos: newest first, optionally by status; both served by an index scan.
        builder.HasIndex(v => new { v.UserId, v.CreatedAt, v.Id }).IsDescending(false, true, true);
        builder.HasIndex(v => new { v.UserId, v.Status, v.CreatedAt }).IsDescending(false, false, true);

        builder.HasIndex(v => new { v.UserId, v.IdempotencyKey }).IsUnique();
    }
}
