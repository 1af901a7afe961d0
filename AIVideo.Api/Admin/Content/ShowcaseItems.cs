using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Admin.Content;

/// <summary>What the admin endpoints do the same way for showcase videos and trial images.</summary>
internal static class ShowcaseItems
{
    /// <summary>The position after the last item, so a new item goes to the end of the list.</summary>
    public static async Task<int> NextOrderAsync<T>(IQueryable<T> items, CancellationToken cancellationToken) where T : IShowcaseItem =>
        Math.Min((await items.MaxAsync(i => (int?)i.Order, cancellationToken) ?? 0) + 1, ShowcaseFields.MaxOrder);

    /// <summary>
    /// Gives the listed items positions 1, 2, 3 … in one batched update. Returns the first id
    /// that does not exist (and changes nothing), or null.
    /// </summary>
    public static async Task<long?> ReorderAsync<T>(DbContext db, IReadOnlyList<long> ids, DateTime now, CancellationToken cancellationToken)
        where T : class, IShowcaseItem
    {
        var items = await db.Set<T>().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        if (ids.FirstOrDefault(id => !items.ContainsKey(id)) is var missing and not 0)
        {
            return missing;
        }

        for (var position = 0; position < ids.Count; position++)
        {
            var item = items[ids[position]];
            item.Order = position + 1;
            item.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public static NotFound<ErrorResponse> NotFound(string kind, long id) => TypedResults.NotFound(new ErrorResponse($"{kind} with id {id} not found"));
}
