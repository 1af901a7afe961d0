using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AIVideo.Core.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        // The last line of defence against overdrawing: no code path can store a negative balance.
        builder.ToTable(t => t.HasCheckConstraint("ck_users_credits_non_negative", "credits >= 0"));

        builder.Property(u => u.GoogleSub).HasMaxLength(255);
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.Property(u => u.Name).HasMaxLength(100);
        builder.Property(u => u.AvatarUrl).HasMaxLength(500);
        builder.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(u => u.UpdatedAt).HasDefaultValueSql("now()");

        builder.HasIndex(u => u.GoogleSub).IsUnique();
        builder.HasIndex(u => u.Email).IsUnique();
    }
}
