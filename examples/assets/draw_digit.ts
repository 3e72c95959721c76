// Draws examples/assets/digit_4.png, the "image outside the dataset" of tutorial 004: a
// hand-drawn 4, dark ink on white paper, as a phone photo of a handwritten digit would be.
//   npx tsx examples/assets/draw_digit.ts
import fs from "node:fs";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";

const canvas = createCanvas(240, 240);
const ctx = canvas.getContext("2d");
ctx.fillStyle = "#f4f1ea"; // paper
ctx.fillRect(0, 0, 240, 240);
ctx.strokeStyle = "#1d1d24"; // ink
ctx.lineWidth = 20;
ctx.lineCap = "round";
ctx.lineJoin = "round";
// The open top-left stroke of a 4, then its crossbar, then the long downstroke.
ctx.beginPath();
ctx.moveTo(98, 44);
ctx.bezierCurveTo(88, 80, 72, 112, 64, 140);
ctx.quadraticCurveTo(110, 138, 176, 134);
ctx.stroke();
ctx.beginPath();
ctx.moveTo(152, 52);
ctx.bezierCurveTo(150, 100, 147, 150, 146, 200);
ctx.stroke();
fs.writeFileSync(path.join(__dirname, "digit_4.png"), canvas.toBuffer("image/png"));
