// Drawing and file helpers for the playground; every number is computed in .NET.
window.bp = {
  // The boundary image (RGBA bytes, res x res) scaled to the canvas, then the points:
  // points = [x1, x2, class, isTest, ...]; bounds = [xMin, xMax, yMin, yMax]; colours = CSS colour per class.
  draw: function (canvasId, rgba, res, points, bounds, colours, highlight) {
    const canvas = document.getElementById(canvasId);
    if (!canvas) return;
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    if (rgba && res > 0) {
      const image = new ImageData(new Uint8ClampedArray(rgba), res, res);
      const off = bp._offscreen || (bp._offscreen = document.createElement("canvas"));
      off.width = res; off.height = res;
      off.getContext("2d").putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(off, 0, 0, w, h);
    }
    const [xMin, xMax, yMin, yMax] = bounds;
    for (let i = 0; i + 3 < points.length; i += 4) {
      const px = (points[i] - xMin) / (xMax - xMin) * w;
      const py = h - (points[i + 1] - yMin) / (yMax - yMin) * h;
      ctx.beginPath();
      ctx.arc(px, py, i / 4 === highlight ? 7 : 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = colours[points[i + 2]] || "#444";
      ctx.fill();
      ctx.lineWidth = i / 4 === highlight ? 3 : 1;
      ctx.strokeStyle = points[i + 3] ? "#000" : "#fff";
      ctx.stroke();
    }
  },
  // Note 004's picture: the loss surface (RGBA, res x res) and each path as [w1, w2, w1, w2, ...].
  weightSpace: function (canvasId, rgba, res, paths, colours, bounds) {
    bp.draw(canvasId, rgba, res, [], bounds, [], -1);
    const canvas = document.getElementById(canvasId);
    const ctx = canvas.getContext("2d");
    const [xMin, xMax, yMin, yMax] = bounds;
    const px = x => (x - xMin) / (xMax - xMin) * canvas.width;
    const py = y => canvas.height - (y - yMin) / (yMax - yMin) * canvas.height;
    paths.forEach((path, p) => {
      ctx.beginPath();
      for (let i = 0; i + 1 < path.length; i += 2) {
        if (i === 0) ctx.moveTo(px(path[0]), py(path[1])); else ctx.lineTo(px(path[i]), py(path[i + 1]));
      }
      ctx.strokeStyle = colours[p];
      ctx.lineWidth = 1.5;
      ctx.stroke();
    });
  },
  download: function (name, bytes) {
    const blob = new Blob([bytes], { type: "application/octet-stream" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
};
