using AIVideo.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;

namespace AIVideo.Api.Admin.Content;

/// <summary>
/// Admin management of the public home-page content under <c>/api/v1/admin/showcase</c>. Every
/// successful write evicts the cached showcase responses (<see cref="ShowcaseCacheEvictionFilter"/>).
/// </summary>
public static class ShowcaseContentApi
{
    public static WebApplicationBuilder AddShowcaseContent(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShowcaseMediaStore>();
        return builder;
    }

    /// <param name="admin">The admin group, which already requires the admin role and validates requests.</param>
    public static RouteGroupBuilder MapShowcaseContentApi(this RouteGroupBuilder admin)
    {
        var showcase = admin.MapGroup("/showcase").WithTags("Admin: showcase");

        var videos = showcase.MapGroup("/videos").AddEndpointFilter<ShowcaseCacheEvictionFilter>();
        videos.MapGet("", ShowcaseVideosAdmin.List).WithName("AdminListShowcaseVideos");
        videos.MapPost("", ShowcaseVideosAdmin.Create).WithName("AdminCreateShowcaseVideo");
        videos.MapPut("/order", ShowcaseVideosAdmin.Reorder).WithName("AdminReorderShowcaseVideos");
        videos.MapGet("/{video_id}", ShowcaseVideosAdmin.Get).WithName("AdminGetShowcaseVideo");
        videos.MapPatch("/{video_id}", ShowcaseVideosAdmin.Update).WithName("AdminUpdateShowcaseVideo");
        videos.MapDelete("/{video_id}", ShowcaseVideosAdmin.Delete).WithName("AdminDeleteShowcaseVideo");

        var images = showcase.MapGroup("/trial-images").AddEndpointFilter<ShowcaseCacheEvictionFilter>();
        images.MapGet("", TrialImagesAdmin.List).WithName("AdminListTrialImages");
        images.MapPost("", TrialImagesAdmin.Create).WithName("AdminCreateTrialImage");
        images.MapPut("/order", TrialImagesAdmin.Reorder).WithName("AdminReorderTrialImages");
        images.MapGet("/{image_id}", TrialImagesAdmin.Get).WithName("AdminGetTrialImage");
        images.MapPatch("/{image_id}", TrialImagesAdmin.Update).WithName("AdminUpdateTrialImage");
        images.MapDelete("/{image_id}", TrialImagesAdmin.Delete).WithName("AdminDeleteTrialImage");

        showcase.MapPost("/media", ShowcaseMediaAdmin.Upload).WithName("AdminUploadShowcaseMedia")
            .WithMetadata(new RequestSizeLimitAttribute(ShowcaseMediaStore.MaxRequestBytes))
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);

        return admin;
    }
}
