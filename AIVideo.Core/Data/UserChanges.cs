namespace AIVideo.Core.Data;

/// <summary>
/// The PostgreSQL notification channel on which triggers report, at commit, the id of every user
/// whose row or videos changed (migration <c>UserChangeNotifications</c>). The Api listens on it to
/// keep its copies of what users read current.
/// </summary>
public static class UserChanges
{
    public const string Channel = "aivideo_user_changed";
}
