namespace AIVideo.Core.Data.Entities;

/// <summary>The contract's showcase categories, shared by the seed data and the admin endpoints.</summary>
public static class ShowcaseCategories
{
    public const string Product = "Product";
    public const string Fashion = "Fashion";
    public const string FoodAndBeverage = "F&B";
    public const string RealEstate = "Real Estate";
    public const string Automotive = "Automotive";
    public const string Tech = "Tech";

    public static readonly IReadOnlyList<string> All = [Product, Fashion, FoodAndBeverage, RealEstate, Automotive, Tech];
}
