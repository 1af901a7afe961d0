using System.Linq.Expressions;
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

    /// <summary>One page of every item, hidden ones too, in list order, with the total count.</summary>
    public static async Task<(IReadOnlyList<TResponse> Page, int Total)> PageAsync<T, TResponse>(
        DbContext db, AdminContentQuery query, Expression<Func<T, TResponse>> projection, CancellationToken cancellationToken)
        where T : class, IShowcaseItem
    {
        var total = await db.Set<T>().CountAsync(cancellationToken);
        var page = await db.Set<T>().OrderBy(i => i.Order).ThenBy(i => i.Id)
            .Skip(query.SkipOrDefault).Take(query.LimitOrDefault)
            .Select(projection)
            .ToListAsync(cancellationToken);
        return (page, total);
    }

    /// <summary>
    /// Gives the listed items positions 1, 2, 3 … in one batched update and returns them in their
    /// new order; or, when an id does not exist, that id, and nothing changes.
    /// </summary>
    public static async Task<(long? Missing, IReadOnlyList<T> Items)> ReorderAsync<T>(DbContext db, IReadOnlyList<long> ids, DateTime now, CancellationToken cancellationToken)
        where T : class, IShowcaseItem
    {
        var items = await db.Set<T>().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        if (ids.FirstOrDefault(id => !items.ContainsKey(id)) is var missing and not 0)
        {
            return (missing, []);
        }

        var ordered = ids.Select(id => items[id]).ToList();
        for (var position = 0; position < ordered.Count; position++)
        {
            ordered[position].Order = position + 1;
            ordered[position].UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return (null, ordered);
    }

    public static Task<TResponse?> FindAsync<T, TResponse>(DbContext db, long id, Expression<Func<T, TResponse>> projection, CancellationToken cancellationToken)
        where T : class, IShowcaseItem =>
        db.Set<T>().Where(i => i.Id == id).Select(projection).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Whether the item existed. Its media blobs stay: another item may use them.</summary>
    public static async Task<bool> DeleteAsync<T>(DbContext db, long id, CancellationToken cancellationToken) where T : class, IShowcaseItem =>
        await db.Set<T>().Where(i => i.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    public static NotFound<ErrorResponse> NotFound(string kind, long id) => TypedResults.NotFound(new ErrorResponse($"{kind} with id {id} not found"));
}
