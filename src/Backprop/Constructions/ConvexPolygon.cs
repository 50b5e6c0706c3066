namespace Backprop.Constructions;

/// <summary>
/// A half-plane {x : Nx x1 + Ny x2 &lt;= Offset}: one threshold unit fires on it (weights -N, bias Offset, step(z) = 1
/// for z &gt;= 0). (Nx, Ny) is the outward unit normal of the edge.
/// </summary>
public readonly record struct HalfPlane(double Nx, double Ny, double Offset)
{
    /// <summary>True when (x1, x2) is on the inner side or on the line.</summary>
    public bool Contains(double x1, double x2) => Nx * x1 + Ny * x2 <= Offset;
}

/// <summary>
/// A convex polygon given by its edges as half-planes and by its vertices (counter-clockwise). The vertices serve the
/// exact inside test (a crossing-number test that does not use the half-planes) and the drawing.
/// </summary>
public sealed class ConvexPolygon
{
    private ConvexPolygon(HalfPlane[] edges, double[] vertices, string name)
    {
        Edges = edges;
        Vertices = vertices;
        Name = name;
    }

    /// <summary>One half-plane per edge: a point is inside when it is in all of them.</summary>
    public IReadOnlyList<HalfPlane> Edges { get; }

    /// <summary>The corners, counter-clockwise, as x1, x2 pairs.</summary>
    public IReadOnlyList<double> Vertices { get; }

    /// <summary>How many sides.</summary>
    public int Sides => Edges.Count;

    /// <summary>A short description, e.g. <c>5-gon at (0, 0), apothem 1</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The regular polygon with <paramref name="sides"/> sides around (<paramref name="cx"/>, <paramref name="cy"/>)
    /// whose edges lie at distance <paramref name="apothem"/> from the centre; edge k has outward normal at angle
    /// <paramref name="rotation"/> + 2 pi k / sides (rotation 0 and 4 sides: the axis-aligned square).
    /// </summary>
    public static ConvexPolygon Regular(int sides, double cx, double cy, double apothem, double rotation = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sides, 3);
        if (!(apothem > 0) || !double.IsFinite(apothem))
            throw new ArgumentOutOfRangeException(nameof(apothem), apothem, "The apothem must be a positive number.");
        var edges = new HalfPlane[sides];
        var vertices = new double[2 * sides];
        double circumradius = apothem / Math.Cos(Math.PI / sides);
        for (int k = 0; k < sides; k++)
        {
            double angle = rotation + 2 * Math.PI * k / sides;
            double nx = Math.Cos(angle), ny = Math.Sin(angle);
            edges[k] = new HalfPlane(nx, ny, nx * cx + ny * cy + apothem);
            // The corner between edge k and edge k + 1.
            double corner = angle + Math.PI / sides;
            vertices[2 * k] = cx + circumradius * Math.Cos(corner);
            vertices[2 * k + 1] = cy + circumradius * Math.Sin(corner);
        }
        return new ConvexPolygon(edges, vertices, $"{sides}-gon at ({NumberText.Format(cx)}, {NumberText.Format(cy)}), apothem {NumberText.Format(apothem)}");
    }

    /// <summary>Inside by the half-planes: what the threshold network computes.</summary>
    public bool ContainsByEdges(double x1, double x2)
    {
        foreach (var edge in Edges)
        {
            if (!edge.Contains(x1, x2))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Inside or on an edge, by the crossing-number (ray casting) test on the vertices: the exact closed region, found
    /// another way. Points on an edge are decided first, as the ray test alone leaves them to rounding.
    /// </summary>
    public bool Contains(double x1, double x2)
    {
        bool inside = false;
        int n = Sides;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            double xi = Vertices[2 * i], yi = Vertices[2 * i + 1], xj = Vertices[2 * j], yj = Vertices[2 * j + 1];
            if (OnSegment(xi, yi, xj, yj, x1, x2))
                return true;
            if (yi > x2 != yj > x2 && x1 < (xj - xi) * (x2 - yi) / (yj - yi) + xi)
                inside = !inside;
        }
        return inside;
    }

    private static bool OnSegment(double xi, double yi, double xj, double yj, double x, double y)
    {
        double dx = xj - xi, dy = yj - yi;
        double cross = dx * (y - yi) - dy * (x - xi);
        double along = dx * (x - xi) + dy * (y - yi), length2 = dx * dx + dy * dy;
        return Math.Abs(cross) <= 1e-9 * length2 && along >= -1e-9 * length2 && along <= length2 * (1 + 1e-9);
    }
}

/// <summary>A disc: the exact region that polygons of more and more sides approach.</summary>
public readonly record struct Circle(double Cx, double Cy, double Radius)
{
    /// <summary>True inside or on the circle.</summary>
    public bool Contains(double x1, double x2) => (x1 - Cx) * (x1 - Cx) + (x2 - Cy) * (x2 - Cy) <= Radius * Radius;

    /// <summary>The regular polygon with <paramref name="sides"/> edges tangent to the circle (the notes' circle net).</summary>
    public ConvexPolygon Polygon(int sides) => ConvexPolygon.Regular(sides, Cx, Cy, Radius);
}
