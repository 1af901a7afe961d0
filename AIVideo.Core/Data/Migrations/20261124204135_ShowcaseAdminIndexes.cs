using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AIVideo.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShowcaseAdminIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_trial_images_order_id",
                table: "trial_images",
                columns: new[] { "order", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_showcase_videos_order_id",
                table: "showcase_videos",
                columns: new[] { "order", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_trial_images_order_id",
                table: "trial_images");

            migrationBuilder.DropIndex(
                name: "ix_showcase_videos_order_id",
                table: "showcase_videos");
        }
    }
}
