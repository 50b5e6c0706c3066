using System.Buffers.Binary;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Backprop.Cluster.Transport;

/// <summary>
/// A compact binary form of the protocol's messages (Akka's default JSON would turn a gradient chunk into base64
/// text): a few fixed-width little-endian fields, then the payload bytes as they are.
/// </summary>
internal sealed class MessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka serializer id (ids up to 100 are Akka's own).</summary>
    public override int Identifier => 8117;

    public override string Manifest(object o) => o switch
    {
        Chunk => "C",
        Register => "R",
        Job => "J",
        Begin => "B",
        Done => "D",
        Abort => "A",
        Finish => "F",
        _ => throw new ArgumentException($"Cannot serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        switch (obj)
        {
            case Chunk c:
                {
                    var bytes = new byte[29 + c.Data.Length];
                    var span = bytes.AsSpan();
                    BinaryPrimitives.WriteInt32LittleEndian(span, c.View);
                    BinaryPrimitives.WriteInt64LittleEndian(span[4..], c.Step);
                    span[12] = (byte)c.Kind;
                    BinaryPrimitives.WriteInt32LittleEndian(span[13..], c.From);
                    BinaryPrimitives.WriteInt32LittleEndian(span[17..], c.Vector);
                    BinaryPrimitives.WriteInt32LittleEndian(span[21..], c.Offset);
                    BinaryPrimitives.WriteInt32LittleEndian(span[25..], c.Data.Length);
                    c.Data.CopyTo(span[29..]);
                    return bytes;
                }
            case Register:
                return [];
            case Job j:
                return Encoding.UTF8.GetBytes(j.Text);
            case Begin b:
                {
                    string members = string.Join('\n', b.Members.Select(Akka.Serialization.Serialization.SerializedActorPath));
                    byte[] text = Encoding.UTF8.GetBytes(members);
                    var bytes = new byte[36 + text.Length];
                    var span = bytes.AsSpan();
                    BinaryPrimitives.WriteInt32LittleEndian(span, b.View);
                    BinaryPrimitives.WriteInt64LittleEndian(span[4..], b.From);
                    BinaryPrimitives.WriteInt64LittleEndian(span[12..], b.To);
                    BinaryPrimitives.WriteInt32LittleEndian(span[20..], b.Rank);
                    BinaryPrimitives.WriteInt64LittleEndian(span[24..], b.OptimizerSteps);
                    BinaryPrimitives.WriteInt32LittleEndian(span[32..], b.OptimizerVectors);
                    text.CopyTo(span[36..]);
                    return bytes;
                }
            case Done d:
                {
                    var bytes = new byte[41];
                    var span = bytes.AsSpan();
                    BinaryPrimitives.WriteInt32LittleEndian(span, d.View);
                    BinaryPrimitives.WriteInt64LittleEndian(span[4..], d.Steps);
                    span[12] = d.Halted ? (byte)1 : (byte)0;
                    BinaryPrimitives.WriteInt64LittleEndian(span[13..], d.OptimizerSteps);
                    BinaryPrimitives.WriteInt32LittleEndian(span[21..], d.OptimizerVectors);
                    BinaryPrimitives.WriteDoubleLittleEndian(span[25..], d.ComputeSeconds);
                    BinaryPrimitives.WriteDoubleLittleEndian(span[33..], d.WallSeconds);
                    return bytes;
                }
            case Abort a:
                return BitConverter.GetBytes(a.View);
            case Finish f:
                return [f.Failed ? (byte)1 : (byte)0];
            default:
                throw new ArgumentException($"Cannot serialize {obj.GetType()}.", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var span = bytes.AsSpan();
        switch (manifest)
        {
            case "C":
                {
                    int length = BinaryPrimitives.ReadInt32LittleEndian(span[25..]);
                    return new Chunk(BinaryPrimitives.ReadInt32LittleEndian(span), BinaryPrimitives.ReadInt64LittleEndian(span[4..]),
                        (ChunkKind)span[12], BinaryPrimitives.ReadInt32LittleEndian(span[13..]), BinaryPrimitives.ReadInt32LittleEndian(span[17..]),
                        BinaryPrimitives.ReadInt32LittleEndian(span[21..]), span.Slice(29, length).ToArray());
                }
            case "R":
                return new Register();
            case "J":
                return new Job(Encoding.UTF8.GetString(bytes));
            case "B":
                {
                    string text = Encoding.UTF8.GetString(span[36..]);
                    var members = text.Split('\n').Select(path => system.Provider.ResolveActorRef(path)).ToArray();
                    return new Begin(BinaryPrimitives.ReadInt32LittleEndian(span), BinaryPrimitives.ReadInt64LittleEndian(span[4..]),
                        BinaryPrimitives.ReadInt64LittleEndian(span[12..]), BinaryPrimitives.ReadInt32LittleEndian(span[20..]), members,
                        BinaryPrimitives.ReadInt64LittleEndian(span[24..]), BinaryPrimitives.ReadInt32LittleEndian(span[32..]));
                }
            case "D":
                return new Done(BinaryPrimitives.ReadInt32LittleEndian(span), BinaryPrimitives.ReadInt64LittleEndian(span[4..]), span[12] == 1,
                    BinaryPrimitives.ReadInt64LittleEndian(span[13..]), BinaryPrimitives.ReadInt32LittleEndian(span[21..]),
                    BinaryPrimitives.ReadDoubleLittleEndian(span[25..]), BinaryPrimitives.ReadDoubleLittleEndian(span[33..]));
            case "A":
                return new Abort(BitConverter.ToInt32(span));
            case "F":
                return new Finish(span[0] == 1);
            default:
                throw new ArgumentException($"Unknown message manifest '{manifest}'.", nameof(manifest));
        }
    }
}
