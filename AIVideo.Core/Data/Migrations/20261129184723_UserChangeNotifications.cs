using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AIVideo.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class UserChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Reports, at commit, the user whose row or videos changed (one notification per user
            // and transaction: PostgreSQL folds equal ones). The Worker's claim bookkeeping on a
            // video changes nothing a user reads, and its lease renewals would be most of the traffic.
            migrationBuilder.Sql($$"""
                CREATE FUNCTION notify_user_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    PERFORM pg_notify('{{UserChanges.Channel}}',
                        to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> TG_ARGV[0]);
                    RETURN NULL;
                END
                $body$;

                CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
                    FOR EACH ROW EXECUTE FUNCTION notify_user_changed('id');

                CREATE TRIGGER videos_added_or_removed AFTER INSERT OR DELETE ON videos
                    FOR EACH ROW EXECUTE FUNCTION notify_user_changed('user_id');

                CREATE TRIGGER videos_changed AFTER UPDATE ON videos
                    FOR EACH ROW
                    WHEN ((to_jsonb(OLD) - 'job_claim' - 'job_claimed_until') IS DISTINCT FROM (to_jsonb(NEW) - 'job_claim' - 'job_claimed_until'))
                    EXECUTE FUNCTION notify_user_changed('user_id');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER videos_changed ON videos;
                DROP TRIGGER videos_added_or_removed ON videos;
                DROP TRIGGER users_changed ON users;
                DROP FUNCTION notify_user_changed();
                """);
        }
    }
}
