using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AIVideo.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class VideoJobSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "job_claim",
                table: "videos",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "job_claimed_until",
                table: "videos",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "job_step",
                table: "videos",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "job_claim",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "job_claimed_until",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "job_step",
                table: "videos");
        }
    }
}
